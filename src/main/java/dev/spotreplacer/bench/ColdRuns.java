package dev.spotreplacer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fresh JVMs, timed from the moment the process is spawned to the moment its answer line arrives. */
final class ColdRuns {

  private static final Path TIME = Path.of("/usr/bin/time");
  private static final String RSS_MARK = "bench-peak-rss-kb ";

  /** One process: wall milliseconds to the answer, its peak resident set (-1 if unknown), the answer line. */
  record Run(double millis, long peakRssKb, String answer) {

    /** The number the answer line reports after its prefix, for a process that times itself. */
    double reported(String prefix) {
      return Double.parseDouble(answer.substring(prefix.length()).trim());
    }
  }

  private ColdRuns() {}

  /** Runs {@code command}; {@code answer} is the prefix of the stdout line that ends the timing. */
  static Run once(List<String> command, String answer) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    boolean measureRss = Files.isExecutable(TIME);
    if (measureRss) {
      full.addAll(List.of(TIME.toString(), "-f", RSS_MARK + "%M"));
    }
    full.addAll(command);
    Path err = Files.createTempFile("spot-replacer-bench", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(full).redirectError(err.toFile());
      long start = System.nanoTime();
      Process process = builder.start();
      long answered = -1;
      String answerLine = null;
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (answered < 0 && line.startsWith(answer)) {
            answered = System.nanoTime();
            answerLine = line;
          }
        }
      }
      int exit = process.waitFor();
      List<String> errLines = Files.readAllLines(err);
      if (answered < 0 || exit != 0) {
        throw new IllegalStateException("'" + String.join(" ", command) + "' exited " + exit
            + " without its answer line; stderr: " + String.join(" | ", errLines));
      }
      long rss = errLines.stream().filter(l -> l.startsWith(RSS_MARK))
          .mapToLong(l -> Long.parseLong(l.substring(RSS_MARK.length()).trim())).findFirst().orElse(-1);
      return new Run((answered - start) / 1e6, rss, answerLine);
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
