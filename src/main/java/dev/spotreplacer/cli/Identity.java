package dev.spotreplacer.cli;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Fetches credentials before the first call, so that a run without any fails with one line instead
 * of the SDK's list of every provider it tried, and says which provider answered (never the keys).
 */
final class Identity {

  static final String NONE = "no AWS credentials found: run aws configure, set AWS_PROFILE or pass --profile, or"
      + " set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (SPOT_REPLACER_DEBUG=1 shows where the SDK looked)";

  private Identity() {}

  /** "from <source>", or an IllegalArgumentException whose message is one line. */
  static String describe(AwsCliConfig.Sourced<AwsCredentialsProvider> credentials) {
    try {
      credentials.value().resolveCredentials();
    } catch (SdkClientException e) {
      String cause = e.getMessage() == null ? "" : e.getMessage();
      // A named profile's provider says what is wrong with it in a sentence; the default chain lists
      // every provider it tried, which is noise to a user who has none.
      boolean chainDump = cause.contains("AwsCredentialsProviderChain") || cause.length() > 300;
      throw new IllegalArgumentException(chainDump || cause.isBlank() ? NONE
          : "credentials from " + credentials.source() + " could not be loaded: " + firstLine(cause), e);
    }
    return "from " + credentials.source();
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
