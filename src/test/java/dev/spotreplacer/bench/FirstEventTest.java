package dev.spotreplacer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The first-event figure: what the process prints is what the bench reads. */
class FirstEventTest {

  @Test
  void primedRun_printsItsHandlerTime_inTheLineTheBenchReads() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      FirstEvent.main(new String[] {"--primed", "events/spot-interruption-warning.json"});
    } finally {
      System.setOut(stdout);
    }
    String line = printed.toString(StandardCharsets.UTF_8).strip();

    assertThat(line).startsWith(FirstEvent.MARK);
    assertThat(new ColdRuns.Run(1, -1, line).reported(FirstEvent.MARK)).isPositive();
  }

  @Test
  void unknownMode_isRefusedWithTheUsage() {
    assertThatThrownBy(() -> FirstEvent.main(new String[] {"--warm", "events/spot-interruption-warning.json"}))
        .hasMessage("usage: FirstEvent --primed|--unprimed EVENT.json");
  }
}
