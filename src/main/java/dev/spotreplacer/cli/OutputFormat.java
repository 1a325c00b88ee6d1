package dev.spotreplacer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotreplacer.lambda.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The AWS CLI's three output formats, for every command's result on stdout: {@code json} (one line,
 * so that the last line of stdout is the whole result), {@code table} (aligned columns under a
 * header) and {@code text} (tab-separated values, no header, for shell pipelines).
 */
enum OutputFormat {
  JSON, TABLE, TEXT;

  static OutputFormat parse(String name, String source) {
    for (OutputFormat format : values()) {
      if (format.name().equalsIgnoreCase(name.strip())) {
        return format;
      }
    }
    throw new IllegalArgumentException(source + " '" + name + "' is not one of json, table, text");
  }

  /** Prints {@code result} (an object, or an array of objects) in this format. */
  void print(JsonNode result, PrintWriter out) {
    switch (this) {
      case JSON -> out.println(Json.write(result));
      case TABLE -> table(result, out);
      case TEXT -> text(result, out);
    }
    out.flush();
  }

  private static List<JsonNode> rows(JsonNode result) {
    List<JsonNode> rows = new ArrayList<>();
    if (result.isArray()) {
      result.forEach(rows::add);
    } else {
      rows.add(result);
    }
    return rows;
  }

  private static Set<String> columns(List<JsonNode> rows) {
    Set<String> columns = new LinkedHashSet<>();
    for (JsonNode row : rows) {
      for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
        columns.add(names.next());
      }
    }
    return columns;
  }

  /** An array as rows under a header; one object as FIELD / VALUE pairs. */
  private static void table(JsonNode result, PrintWriter out) {
    List<List<String>> lines = new ArrayList<>();
    if (result.isArray()) {
      List<JsonNode> rows = rows(result);
      Set<String> columns = columns(rows);
      lines.add(columns.stream().map(OutputFormat::header).toList());
      for (JsonNode row : rows) {
        lines.add(columns.stream().map(c -> cell(row.get(c))).toList());
      }
    } else {
      lines.add(List.of("FIELD", "VALUE"));
      for (Iterator<String> names = result.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        lines.add(List.of(name, cell(result.get(name))));
      }
    }
    int[] widths = new int[lines.get(0).size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    for (List<String> line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        text.append(i == line.size() - 1 ? line.get(i) : pad(line.get(i), widths[i] + 2));
      }
      out.println(text.toString().stripTrailing());
    }
  }

  /** One line per row, values in column order, tab-separated; no header, as the AWS CLI's text. */
  private static void text(JsonNode result, PrintWriter out) {
    List<JsonNode> rows = rows(result);
    Set<String> columns = columns(rows);
    for (JsonNode row : rows) {
      out.println(String.join("\t", columns.stream().map(c -> row.has(c) ? cell(row.get(c)) : "None").toList()));
    }
  }

  /** instanceType -> INSTANCE_TYPE. */
  static String header(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static String cell(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "-";
    }
    return value.isValueNode() ? value.asText() : Json.write(value);
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
