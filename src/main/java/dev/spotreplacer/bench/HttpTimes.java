package dev.spotreplacer.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Times the HTTP exchanges only (marshalling, signing and parsing left out), from any thread. */
final class HttpTimes implements ExecutionInterceptor {

  private final InFlight inFlight = new InFlight();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    inFlight.begin();
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    inFlight.end();
  }

  long busyNanos() {
    return inFlight.busyNanos();
  }

  void reset() {
    inFlight.reset();
  }
}
