package dev.spotreplacer.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A Lambda context whose time limit runs on the test's clock and whose logger keeps the lines. */
final class TestContext implements Context {

  final List<String> logged = new ArrayList<>();
  private final Clock clock;
  private final long deadlineMillis;
  private final String functionArn;

  TestContext(Clock clock, int timeoutSeconds) {
    this(clock, timeoutSeconds, "arn:aws:lambda:us-east-1:123456789012:function:spot-replacer");
  }

  TestContext(Clock clock, int timeoutSeconds, String functionArn) {
    this.clock = clock;
    this.deadlineMillis = clock.millis() + timeoutSeconds * 1000L;
    this.functionArn = functionArn;
  }

  @Override public String getAwsRequestId() { return "test-request"; }
  @Override public String getLogGroupName() { return "test"; }
  @Override public String getLogStreamName() { return "test"; }
  @Override public String getFunctionName() { return "spot-replacer"; }
  @Override public String getFunctionVersion() { return "1"; }
  @Override public String getInvokedFunctionArn() { return functionArn; }
  @Override public CognitoIdentity getIdentity() { return null; }
  @Override public ClientContext getClientContext() { return null; }
  @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadlineMillis - clock.millis()); }
  @Override public int getMemoryLimitInMB() { return 1024; }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        logged.add(message);
      }

      @Override
      public void log(byte[] message) {
        logged.add(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
