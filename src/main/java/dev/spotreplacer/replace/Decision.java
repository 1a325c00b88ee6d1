package dev.spotreplacer.replace;

/** Whether an interrupted instance is ours to replace. */
sealed interface Decision {

  /** Go ahead. */
  record Eligible() implements Decision {}

  /** Leave it alone, and say why. */
  record Skip(Reason reason, String message) implements Decision {}
}
