package dev.spotreplacer.aws;

import dev.spotreplacer.time.Sleeper;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.utils.Lazy;

/**
 * EC2 clients per (account, region), built on first use and kept for the life of the function
 * instance, so warm invocations reuse connections and assumed-role credentials.
 *
 * <p>The function's own account and region use the client built at start-up. Another region of
 * the same account gets a client for that region with the function's credentials. Another
 * account gets one whose credentials come from {@code sts:AssumeRole} on the member role there;
 * the SDK's provider refreshes them before they expire.
 */
public final class ClientCache {

  /** The role name the member accounts create unless MEMBER_ROLE_NAME says otherwise. */
  public static final String DEFAULT_MEMBER_ROLE = "spot-replacer-member";
  private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final int MAX_SESSION_NAME = 64;

  /** Where to act. */
  public record Key(String account, String region) {}

  /** One cached client; {@code event} names the session of the next credential refresh. */
  private record Entry(Ec2Client ec2, Optional<AwsCredentialsProvider> assumed, AtomicReference<String> event) {}

  private final Clients.Target home;
  private final String memberRoleName;
  /** Built on first use: only another account, or an unknown home account, needs STS. */
  private final Lazy<StsClient> sts;
  private final Ec2Client homeEc2;
  private final Map<Key, Entry> clients = new ConcurrentHashMap<>();
  private final AtomicReference<String> homeAccount = new AtomicReference<>();
  private final Optional<Sleeper> retryPause;

  /** Builds the home region's EC2 client now (the SnapStart snapshot keeps it); STS when first needed. */
  public ClientCache(Clients.Target home, String memberRoleName) {
    this(home, memberRoleName, Optional.empty());
  }

  /** As above; with {@code retryPause}, the EC2 clients' retry backoff waits on it (virtual time). */
  public ClientCache(Clients.Target home, String memberRoleName, Optional<Sleeper> retryPause) {
    this.home = Objects.requireNonNull(home, "home == null");
    this.memberRoleName = requireRoleName(memberRoleName);
    this.retryPause = retryPause;
    this.sts = new Lazy<>(() -> Clients.sts(home));
    this.homeEc2 = ec2(home);
  }

  private Ec2Client ec2(Clients.Target target) {
    return retryPause.map(pause -> Clients.ec2(target, pause)).orElseGet(() -> Clients.ec2(target));
  }

  /** The function's own account and region's client. */
  public Ec2Client homeEc2() {
    return homeEc2;
  }

  /** MEMBER_ROLE_NAME, or the default; a clear error naming the setting when it is not a role name. */
  public static String memberRoleName(Map<String, String> env) {
    String raw = env.getOrDefault("MEMBER_ROLE_NAME", "").trim();
    return requireRoleName(raw.isEmpty() ? DEFAULT_MEMBER_ROLE : raw);
  }

  private static String requireRoleName(String name) {
    if (name == null || !ROLE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("MEMBER_ROLE_NAME: '" + name + "' is not an IAM role name (up to 64 of"
          + " letters, digits and +=,.@_-; a name, not an ARN)");
    }
    return name;
  }

  /**
   * The function's own account: from the hint (the Lambda function ARN) when given, else learnt
   * once with sts:GetCallerIdentity.
   */
  public String homeAccount(Optional<String> hint) {
    String known = homeAccount.get();
    if (known != null) {
      return known;
    }
    String account = hint.filter(a -> ACCOUNT.matcher(a).matches())
        .orElseGet(() -> sts.getValue().getCallerIdentity(r -> {}).account());
    homeAccount.compareAndSet(null, account);
    return homeAccount.get();
  }

  /**
   * The client for an event's account and region, assuming the member role for another account.
   *
   * @param eventId names the STS session (visible in the member account's CloudTrail) if this call
   *     has to fetch credentials
   * @throws CrossAccountException when the member role cannot be assumed; no EC2 call was made
   */
  public Ec2Client ec2(Key key, String homeAccountId, String eventId) {
    boolean sameAccount = key.account().equals(homeAccountId);
    if (sameAccount && key.region().equals(home.region().id())) {
      return homeEc2;
    }
    Entry entry = clients.computeIfAbsent(key, k -> sameAccount ? otherRegion(k) : otherAccount(k));
    if (entry.assumed().isPresent()) {
      entry.event().set(eventId);
      try {
        // Resolve now, so a refused role is reported as such rather than as a failed EC2 call.
        entry.assumed().get().resolveCredentials();
      } catch (StsException e) {
        throw new CrossAccountException(roleArn(key) + " could not be assumed ("
            + e.awsErrorDetails().errorCode() + "): create it in account " + key.account()
            + " with a trust policy naming this function's role, or set MEMBER_ROLE_NAME", e);
      } catch (SdkException e) {
        throw new CrossAccountException(roleArn(key) + " could not be assumed: " + e.getMessage(), e);
      }
    }
    return entry.ec2();
  }

  /** The member role this cache assumes in {@code key}'s account. */
  public String roleArn(Key key) {
    return "arn:" + partition(key.region()) + ":iam::" + key.account() + ":role/" + memberRoleName;
  }

  private Entry otherRegion(Key key) {
    Ec2Client ec2 = ec2(new Clients.Target(Region.of(key.region()), home.credentials(), home.endpoint()));
    return new Entry(ec2, Optional.empty(), new AtomicReference<>());
  }

  private Entry otherAccount(Key key) {
    AtomicReference<String> event = new AtomicReference<>("start");
    String roleArn = roleArn(key);
    StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts.getValue())
        // A supplier, so each refresh names the event that caused it.
        .refreshRequest(() -> AssumeRoleRequest.builder()
            .roleArn(roleArn)
            .roleSessionName(sessionName(event.get()))
            .build())
        .build();
    Ec2Client ec2 = ec2(new Clients.Target(Region.of(key.region()), assumed, home.endpoint()));
    return new Entry(ec2, Optional.of(assumed), event);
  }

  /** "spot-replacer-" + the event id, cut to STS's limits (2-64 of [\w+=,.@-]). */
  static String sessionName(String eventId) {
    String safe = eventId.replaceAll("[^\\w+=,.@-]", "-");
    String name = "spot-replacer-" + safe;
    return name.length() <= MAX_SESSION_NAME ? name : name.substring(0, MAX_SESSION_NAME);
  }

  private static String partition(String region) {
    PartitionMetadata partition = PartitionMetadata.of(Region.of(region));
    return partition == null ? "aws" : partition.id();
  }
}
