package dev.spotreplacer.bench;

/** The floor for a cold run: a JVM that starts, prints one line and exits. */
public final class Hello {

  private Hello() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
