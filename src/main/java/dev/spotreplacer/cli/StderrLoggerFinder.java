package dev.spotreplacer.cli;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * Where the JDK's own System.Logger output goes in the local runner: one line on stderr, INFO and
 * above, as java.util.logging's default console handler would show it, but without starting
 * java.util.logging, which cost a cold run about 25 ms. Found by ServiceLoader on the class path
 * (META-INF/services); Lambda loads the function in its own class loader, so there the JDK's
 * default stays.
 */
public final class StderrLoggerFinder extends System.LoggerFinder {

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new StderrLogger(name);
  }

  /** One logger: its name goes on every line it writes. */
  private record StderrLogger(String name) implements System.Logger {

    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(Level level) {
      return level != Level.OFF && level.getSeverity() >= Level.INFO.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
      if (isLoggable(level)) {
        write(level, localized(bundle, message), thrown);
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (isLoggable(level)) {
        String pattern = localized(bundle, format);
        write(level, params == null || params.length == 0 ? pattern : formatted(pattern, params), null);
      }
    }

    /** As java.util.logging's formatter: a pattern MessageFormat cannot read is written as it is. */
    private static String formatted(String pattern, Object... params) {
      try {
        return MessageFormat.format(pattern, params);
      } catch (IllegalArgumentException e) {
        return pattern;
      }
    }

    private static String localized(ResourceBundle bundle, String key) {
      return bundle != null && key != null && bundle.containsKey(key) ? bundle.getString(key) : key;
    }

    private void write(Level level, String message, Throwable thrown) {
      System.err.println(level.getName() + " " + name + ": " + message);
      if (thrown != null) {
        thrown.printStackTrace();
      }
    }
  }
}
