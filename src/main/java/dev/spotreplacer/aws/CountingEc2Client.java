package dev.spotreplacer.aws;

import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Request;
import software.amazon.awssdk.services.ec2.model.Ec2Response;

/**
 * Wraps a shared {@link Ec2Client} so that one invocation's calls are counted per EC2 action.
 *
 * <p>A per-invocation wrapper rather than an SDK interceptor: the client is shared by concurrent
 * invocations, and an interceptor could not tell them apart. Paginators are run on the wrapper
 * itself (they are default methods of the interface), so each page they fetch is counted too.
 */
public final class CountingEc2Client extends ForwardingEc2Client {

  private final ApiCalls calls;

  private CountingEc2Client(Ec2Client delegate, ApiCalls calls) {
    super(delegate);
    this.calls = calls;
  }

  public static Ec2Client wrap(Ec2Client delegate, ApiCalls calls) {
    return new CountingEc2Client(delegate, calls);
  }

  @Override
  protected <Q extends Ec2Request, R extends Ec2Response> R call(String action, Q request, Function<Q, R> live) {
    calls.record(action);
    return live.apply(request);
  }
}
