package dev.spotreplacer.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough STS (awsQuery protocol, 2011-06-15) for the function's cross-account path and the
 * CLI's MFA and doctor: AssumeRole, GetCallerIdentity, GetSessionToken. It shares the EC2
 * emulator's endpoint; the Action names of the two services do not overlap.
 */
final class StsApi {

  static final Set<String> ACTIONS = Set.of("AssumeRole", "GetCallerIdentity", "GetSessionToken");
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z-]+:iam::(\\d{12}):role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern MFA_SERIAL = Pattern.compile("arn:[a-z-]+:iam::\\d{12}:mfa/[\\w+=,.@/-]+|[\\w+=/:,.@-]{9,256}");
  private static final Pattern TOKEN_CODE = Pattern.compile("\\d{6}");
  private static final String ISSUED_SECRET = "simulated-secret";
  private static final String ISSUED_TOKEN_PREFIX = "simulated-session-";

  /** The identity behind an access key the emulator issued. */
  private record Identity(String account, String arn, String userId) {}

  /** An AssumeRole call as the emulator received it. */
  record AssumedRole(String roleArn, String sessionName, String callerAccessKeyId) {}

  private final StsConfig config;
  private final Signatures signatures;
  private final Map<String, Identity> issued = new HashMap<>();
  private final List<AssumedRole> assumed = new ArrayList<>();
  private int sequence;

  StsApi(StsConfig config, Signatures signatures) {
    this.config = config;
    this.signatures = signatures;
  }

  /** The account of the long-term credentials. */
  String account() {
    return config.account();
  }

  static boolean handles(String action) {
    return ACTIONS.contains(action);
  }

  synchronized String call(String action, Map<String, String> params, String accessKeyId, String requestId) {
    Identity caller = issued.getOrDefault(accessKeyId, new Identity(config.account(),
        "arn:aws:iam::" + config.account() + ":user/operator", "AIDASIMULATEDOPERATOR"));
    String result = switch (action) {
      case "GetCallerIdentity" -> "<Arn>" + caller.arn() + "</Arn><UserId>" + caller.userId()
          + "</UserId><Account>" + caller.account() + "</Account>";
      case "AssumeRole" -> assumeRole(params, accessKeyId);
      case "GetSessionToken" -> getSessionToken(params, caller);
      default -> throw new StsFault("InvalidAction", "Could not find operation " + action, 400);
    };
    return "<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result>" + result + "</" + action
        + "Result><ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></" + action
        + "Response>";
  }

  synchronized List<AssumedRole> assumedRoles() {
    return List.copyOf(assumed);
  }

  static String error(String code, String message, String requestId) {
    return "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
        + escape(message) + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private String assumeRole(Map<String, String> params, String callerKey) {
    String roleArn = required(params, "RoleArn");
    String sessionName = required(params, "RoleSessionName");
    Matcher role = ROLE_ARN.matcher(roleArn);
    if (!role.matches()) {
      throw new StsFault("ValidationError", "1 validation error detected: Value '" + roleArn
          + "' at 'roleArn' failed to satisfy constraint: must be a role ARN", 400);
    }
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw new StsFault("ValidationError", "1 validation error detected: Value '" + sessionName
          + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern:"
          + " [\\w+=,.@-]*", 400);
    }
    assumed.add(new AssumedRole(roleArn, sessionName, callerKey));
    String account = role.group(1);
    if (config.refusingAccounts().contains(account)) {
      throw new StsFault("AccessDenied", "User: arn:aws:iam::" + config.account()
          + ":user/operator is not authorized to perform: sts:AssumeRole on resource: " + roleArn, 403);
    }
    String arn = "arn:aws:sts::" + account + ":assumed-role/" + role.group(2) + "/" + sessionName;
    String roleId = "AROASIMULATED" + account;
    String key = issue(account, new Identity(account, arn, roleId + ":" + sessionName));
    return credentials(key) + "<AssumedRoleUser><Arn>" + arn + "</Arn><AssumedRoleId>" + roleId + ":"
        + sessionName + "</AssumedRoleId></AssumedRoleUser>";
  }

  private String getSessionToken(Map<String, String> params, Identity caller) {
    String serial = params.get("SerialNumber");
    String code = params.get("TokenCode");
    if (serial != null || code != null) {
      if (serial == null || !MFA_SERIAL.matcher(serial).matches()) {
        throw new StsFault("ValidationError", "SerialNumber must be an MFA device ARN when TokenCode is given", 400);
      }
      if (code == null || !TOKEN_CODE.matcher(code).matches()) {
        throw new StsFault("ValidationError", "1 validation error detected: Value at 'tokenCode' failed to satisfy"
            + " constraint: Member must satisfy regular expression pattern: [\\d]*", 400);
      }
      if (!config.tokenCodes().contains(code)) {
        throw new StsFault("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", 403);
      }
    }
    return credentials(issue(caller.account(), caller));
  }

  private String issue(String account, Identity identity) {
    sequence++;
    String key = "ASIA" + account + String.format("%04d", sequence % 10_000);
    issued.put(key, identity);
    signatures.accept(key, ISSUED_SECRET, ISSUED_TOKEN_PREFIX + key);
    return key;
  }

  private static String credentials(String accessKeyId) {
    // The SDK compares expiry with the wall clock, not the emulator's virtual clock.
    Instant expiry = Instant.now().plus(Duration.ofHours(1));
    return "<Credentials><AccessKeyId>" + accessKeyId + "</AccessKeyId><SecretAccessKey>" + ISSUED_SECRET
        + "</SecretAccessKey><SessionToken>" + ISSUED_TOKEN_PREFIX + accessKeyId + "</SessionToken><Expiration>"
        + XmlWriter.timestamp(expiry) + "</Expiration></Credentials>";
  }

  private static String required(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      throw new StsFault("MissingParameter", "The request must contain the parameter " + name, 400);
    }
    return value;
  }
}
