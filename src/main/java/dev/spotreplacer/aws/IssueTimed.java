package dev.spotreplacer.aws;

import java.util.function.Supplier;

/**
 * An {@link software.amazon.awssdk.services.ec2.Ec2Client} that times its calls and wants to know
 * when a call it runs on another thread was issued: a call handed to a pool may start late only
 * because the pool's thread was not scheduled, which is no round trip it waited for.
 */
public interface IssueTimed {

  /** Called on the issuing thread, now; the returned task makes the call, on any thread, as issued now. */
  <R> Supplier<R> issuedNow(Supplier<R> call);
}
