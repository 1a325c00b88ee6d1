package dev.spotreplacer.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.spotreplacer.event.Notice;
import dev.spotreplacer.replace.Replacer;

/** Chooses the {@link Replacer} that acts in a notice's account and region. */
@FunctionalInterface
public interface Routing {

  /** @throws dev.spotreplacer.aws.CrossAccountException when the notice's account cannot be reached */
  Replacer replacerFor(Notice notice, Context context);
}
