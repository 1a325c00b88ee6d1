package dev.spotreplacer.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes an application/x-www-form-urlencoded body (or query string) into parameters. */
final class FormParams {

  private FormParams() {}

  static Map<String, String> decode(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    if (form == null || form.isEmpty()) {
      return Collections.unmodifiableMap(params);
    }
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      // The first occurrence wins, as with EC2's own parameter parsing.
      params.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return Collections.unmodifiableMap(params);
  }
}
