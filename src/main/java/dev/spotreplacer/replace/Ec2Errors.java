package dev.spotreplacer.replace;

import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** Turns SDK exceptions into {@link StepFailure}s a user can act on, by error code, never by message text. */
final class Ec2Errors {

  static final String DRY_RUN_OK = "DryRunOperation";

  private Ec2Errors() {}

  static Optional<String> code(SdkException e) {
    if (e instanceof Ec2Exception ec2 && ec2.awsErrorDetails() != null) {
      return Optional.ofNullable(ec2.awsErrorDetails().errorCode());
    }
    return Optional.empty();
  }

  static boolean hasCode(SdkException e, String expected) {
    return code(e).map(expected::equals).orElse(false);
  }

  /** Throttling or a server fault that outlasted the SDK's retries: worth trying again later. */
  static boolean isTransient(SdkException e) {
    String code = code(e).orElse("");
    return TRANSIENT_CODES.contains(code) || e instanceof SdkClientException;
  }

  private static final java.util.Set<String> TRANSIENT_CODES = java.util.Set.of("RequestLimitExceeded",
      "Throttling", "InternalError", "InternalFailure", "Unavailable", "ServiceUnavailable");

  static StepFailure translate(SdkException e, String action) {
    String code = code(e).orElse("");
    return switch (code) {
      case "UnauthorizedOperation", "AccessDenied", "AccessDeniedException" -> new StepFailure(
          Reason.Code.MISSING_PERMISSION,
          "not allowed to call ec2:" + action + ": grant it to the function's role"
              + " (template.yaml lists every action the function needs)", e);
      case "AuthFailure.ServiceLinkedRoleCreationNotPermitted" -> new StepFailure(
          Reason.Code.SPOT_SERVICE_LINKED_ROLE_MISSING,
          "the account has no AWSServiceRoleForEC2Spot role and the caller may not create it: run once"
              + " 'aws iam create-service-linked-role --aws-service-name spot.amazonaws.com'", e);
      case "AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId", "SignatureDoesNotMatch" ->
          new StepFailure(Reason.Code.BAD_CREDENTIALS, "EC2 refused the credentials (" + code + ") for " + action
              + ": check the profile, role or keys in use", e);
      case "RequestLimitExceeded", "Throttling" -> new StepFailure(Reason.Code.THROTTLED,
          "EC2 kept throttling " + action + " after retries; the event will be retried", e);
      case "InternalError", "InternalFailure", "Unavailable", "ServiceUnavailable" -> new StepFailure(
          Reason.Code.EC2_UNAVAILABLE, "EC2 kept failing " + action + " with " + code + " after retries; the event will"
              + " be retried", e);
      case "" -> clientSide(e, action);
      default -> new StepFailure(Reason.Code.EC2_ERROR, action + " failed with " + code + ": " + safeMessage(e), e);
    };
  }

  private static StepFailure clientSide(SdkException e, String action) {
    if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
      return new StepFailure(Reason.Code.NO_CREDENTIALS, "no AWS credentials found for " + action
          + ": set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --simulate", e);
    }
    return new StepFailure(Reason.Code.EC2_UNREACHABLE, action + " could not reach EC2: " + safeMessage(e), e);
  }

  /** AWS's own messages name ids and parameters, not secrets; still, keep them short. */
  static String safeMessage(SdkException e) {
    String message = e instanceof AwsServiceException service && service.awsErrorDetails() != null
        ? service.awsErrorDetails().errorMessage() : e.getMessage();
    if (message == null) {
      return "(no message)";
    }
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }
}
