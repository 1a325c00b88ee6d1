package dev.spotreplacer.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.spotreplacer.aws.ClientCache;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.replace.Replacer;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Routes each notice to a Replacer on the EC2 client for its account and region, from a
 * {@link ClientCache} that outlives invocations. The Replacer itself is cheap and built per
 * notice; it wraps the cached client in a per-invocation call counter.
 */
public final class AccountRouting implements Routing {

  // Only a real function ARN names the account; a local run's context has none to offer.
  private static final Pattern FUNCTION_ARN =
      Pattern.compile("arn:aws[a-z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\\d+:(\\d{12}):function:.+");

  private final ClientCache clients;
  private final Function<Ec2Client, Replacer> replacers;

  public AccountRouting(ClientCache clients, Function<Ec2Client, Replacer> replacers) {
    this.clients = clients;
    this.replacers = replacers;
  }

  @Override
  public Replacer replacerFor(Notice notice, Context context) {
    String home = clients.homeAccount(accountOf(context.getInvokedFunctionArn()));
    Ec2Client ec2 = clients.ec2(new ClientCache.Key(notice.account(), notice.region()), home, notice.eventId());
    return replacers.apply(ec2);
  }

  @Override
  public Optional<Ec2Client> homeEc2() {
    return Optional.of(clients.homeEc2());
  }

  static Optional<String> accountOf(String functionArn) {
    if (functionArn == null) {
      return Optional.empty();
    }
    Matcher m = FUNCTION_ARN.matcher(functionArn);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
