package dev.spotreplacer.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.replace.Replacer;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Chooses the {@link Replacer} that acts in a notice's account and region. */
@FunctionalInterface
public interface Routing {

  /** @throws dev.spotreplacer.aws.CrossAccountException when the notice's account cannot be reached */
  Replacer replacerFor(Notice notice, Context context);

  /** The client in the function's own account and region, for manual events; empty where there is none. */
  default Optional<Ec2Client> homeEc2() {
    return Optional.empty();
  }
}
