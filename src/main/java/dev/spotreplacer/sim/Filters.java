package dev.spotreplacer.sim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * EC2 Describe filters for one kind of resource: values of one filter are OR-ed, filters are AND-ed,
 * values may use the * and ? wildcards, and an unknown filter name is an error, as in EC2.
 */
final class Filters<T> {

  private final Map<String, Function<T, Collection<String>>> fields = new LinkedHashMap<>();
  private Function<T, Map<String, String>> tags;

  /** A filter on a single-valued attribute (null = no value, matches nothing). */
  Filters<T> field(String name, Function<T, String> value) {
    fields.put(name, item -> {
      String text = value.apply(item);
      return text == null ? List.of() : List.of(text);
    });
    return this;
  }

  /** A filter on a multi-valued attribute (matches when any value matches). */
  Filters<T> multi(String name, Function<T, Collection<String>> values) {
    fields.put(name, values);
    return this;
  }

  /** Enables tag:KEY, tag-key and tag-value. */
  Filters<T> tags(Function<T, Map<String, String>> tagsOf) {
    this.tags = tagsOf;
    return this;
  }

  Predicate<T> compile(List<Filter> filters) {
    Predicate<T> all = item -> true;
    for (Filter filter : filters) {
      String name = filter.name();
      if (name == null || name.isEmpty()) {
        throw Ec2Fault.missing("Filter.Name");
      }
      if (!filter.hasValues() || filter.values().isEmpty()) {
        throw Ec2Fault.invalid("Filter", name, "The filter '" + name + "' needs at least one value.");
      }
      Predicate<String> anyValue = anyOf(filter.values());
      all = all.and(predicate(name, anyValue));
    }
    return all;
  }

  private Predicate<T> predicate(String name, Predicate<String> anyValue) {
    Function<T, Collection<String>> field = fields.get(name);
    if (field != null) {
      return item -> field.apply(item).stream().anyMatch(anyValue);
    }
    if (tags != null && name.startsWith("tag:") && name.length() > 4) {
      String key = name.substring(4);
      return item -> {
        String value = tags.apply(item).get(key);
        return value != null && anyValue.test(value);
      };
    }
    if (tags != null && name.equals("tag-key")) {
      return item -> tags.apply(item).keySet().stream().anyMatch(anyValue);
    }
    if (tags != null && name.equals("tag-value")) {
      return item -> tags.apply(item).values().stream().anyMatch(anyValue);
    }
    throw new Ec2Fault("InvalidParameterValue", "The filter '" + name + "' is invalid");
  }

  private static Predicate<String> anyOf(List<String> values) {
    List<Pattern> patterns = values.stream().map(Filters::glob).toList();
    return text -> patterns.stream().anyMatch(p -> p.matcher(text).matches());
  }

  /** EC2 filter wildcards: * is any run of characters, ? is one character, \ escapes them. */
  static Pattern glob(String value) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        regex.append(Pattern.quote(String.valueOf(value.charAt(++i))));
      } else if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
