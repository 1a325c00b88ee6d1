package dev.spotreplacer.cli;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** A Lambda {@link Context} for local runs: the time limit counts on the given clock. */
public final class LocalContext implements Context {

  private final Clock clock;
  private final Instant deadline;
  private final int timeoutMs;
  private final PrintStream log;
  /**
   * A version-4 UUID from a non-cryptographic generator: an id for log lines, not a secret, and
   * {@code UUID.randomUUID()} would start the JDK's SecureRandom (some 20 classes and a read of
   * /dev/urandom) on a cold start.
   */
  private final String requestId = randomId(ThreadLocalRandom.current());

  static String randomId(ThreadLocalRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(high, low).toString();
  }

  /** A function ARN naming no account: the handler learns it from STS, as a run on a laptop must. */
  static final String NO_ACCOUNT_ARN = "arn:aws:lambda:local:000000000000:function:spot-replacer";

  private final String functionArn;

  public LocalContext(Clock clock, int timeoutSeconds, PrintStream log) {
    this(clock, timeoutSeconds, log, NO_ACCOUNT_ARN);
  }

  /** With the ARN a deployed function would have, naming its account (the emulator's, say). */
  public LocalContext(Clock clock, int timeoutSeconds, PrintStream log, String functionArn) {
    this.functionArn = functionArn;
    this.clock = clock;
    this.timeoutMs = timeoutSeconds * 1000;
    this.deadline = clock.instant().plusMillis(timeoutMs);
    this.log = log;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "local";
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return "spot-replacer";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return functionArn;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadline.toEpochMilli() - clock.millis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        log.print(message);
      }

      @Override
      public void log(byte[] message) {
        log.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
