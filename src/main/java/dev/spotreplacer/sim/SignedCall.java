package dev.spotreplacer.sim;

/**
 * One request as its SigV4 signature names it: which access key signed it, for which region.
 *
 * @param accessKeyId from the Authorization header's Credential scope; "" when unsigned
 * @param region the scope's region; "" when unsigned
 * @param service the scope's service (ec2, sts, events, pricing); "" when unsigned
 */
public record SignedCall(String action, String accessKeyId, String region, String service) {

  /** Reads {@code Credential=AKID/20261123/us-east-1/ec2/aws4_request} out of an Authorization header. */
  static SignedCall of(String action, String authorization) {
    if (authorization == null) {
      return new SignedCall(action, "", "", "");
    }
    int at = authorization.indexOf("Credential=");
    if (at < 0) {
      return new SignedCall(action, "", "", "");
    }
    String scope = authorization.substring(at + "Credential=".length()).split("[,\\s]", 2)[0];
    String[] parts = scope.split("/");
    return new SignedCall(action, parts[0], parts.length > 2 ? parts[2] : "", parts.length > 3 ? parts[3] : "");
  }
}
