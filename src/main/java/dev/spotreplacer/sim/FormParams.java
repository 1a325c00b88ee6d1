package dev.spotreplacer.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes an application/x-www-form-urlencoded body (or query string) into parameters. */
final class FormParams {

  private FormParams() {}

  static Map<String, String> decode(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    // The first occurrence wins, as with EC2's own parameter parsing.
    pairs(form).forEach(pair -> params.putIfAbsent(pair.getKey(), pair.getValue()));
    return Collections.unmodifiableMap(params);
  }

  /** Every name=value pair, decoded, in order, repeats kept. */
  static List<Map.Entry<String, String>> pairs(String form) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    if (form == null || form.isEmpty()) {
      return pairs;
    }
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(Map.entry(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8)));
    }
    return pairs;
  }
}
