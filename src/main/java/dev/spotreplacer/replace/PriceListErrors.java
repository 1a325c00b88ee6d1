package dev.spotreplacer.replace;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns the Price List API's errors into {@link StepFailure}s, by error code: a refusal names the
 * permission; throttling and outages take the transient reasons EC2's do, so the run is tried again.
 */
final class PriceListErrors {

  private static final String ACTION = "pricing:GetProducts";

  private PriceListErrors() {}

  static StepFailure translate(SdkException e) {
    String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorCode() != null ? service.awsErrorDetails().errorCode() : "";
    return switch (code) {
      case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation" -> new StepFailure(
          Reason.Code.MISSING_PERMISSION, "not allowed to call " + ACTION + " (the AWS Price List API, asked for"
              + " the on-demand price the price cap needs): grant it to the function's role (template.yaml,"
              + " statement ReadPriceList), or set ON_DEMAND_PRICES", e);
      case "ThrottlingException", "Throttling", "TooManyRequestsException" -> new StepFailure(Reason.Code.THROTTLED,
          "the AWS Price List API kept throttling GetProducts after retries; the event will be retried", e);
      case "InternalErrorException", "InternalFailure", "InternalError", "ServiceUnavailable",
          "ServiceUnavailableException" -> new StepFailure(Reason.Code.EC2_UNAVAILABLE, "the AWS Price List API"
              + " kept failing GetProducts with " + code + " after retries; the event will be retried", e);
      case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
          "InvalidClientTokenId", "SignatureDoesNotMatch", "AuthFailure" -> new StepFailure(
          Reason.Code.BAD_CREDENTIALS, "the AWS Price List API refused the credentials (" + code
              + ") for GetProducts: check the profile, role or keys in use", e);
      case "" -> clientSide(e);
      default -> new StepFailure(Reason.Code.EC2_ERROR, "the AWS Price List API answered GetProducts with " + code
          + ": " + Ec2Errors.safeMessage(e), e);
    };
  }

  private static StepFailure clientSide(SdkException e) {
    if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
      return new StepFailure(Reason.Code.NO_CREDENTIALS, "no AWS credentials found for " + ACTION
          + ": set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --simulate", e);
    }
    return new StepFailure(Reason.Code.EC2_UNREACHABLE, "GetProducts could not reach the AWS Price List API: "
        + Ec2Errors.safeMessage(e), e);
  }
}
