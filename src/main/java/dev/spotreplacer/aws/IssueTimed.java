package dev.spotreplacer.aws;

import java.util.function.Supplier;

/**
 * An {@link software.amazon.awssdk.services.ec2.Ec2Client} that times its calls and wants to know
 * when a call it runs on another thread was issued: a call handed to a pool may start late only
 * because the pool's thread was not scheduled, which is no round trip it waited for.
 */
public interface IssueTimed {

  /**
   * The returned task makes the call, on any thread, as issued at {@code nanoTime} (a
   * {@link System#nanoTime()} reading): when the code decided to make it, which for a round of
   * independent reads is when the round was handed out, whichever of them the scheduler runs first.
   */
  <R> Supplier<R> issuedAt(long nanoTime, Supplier<R> call);
}
