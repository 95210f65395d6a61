package dev.skein.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every scenario in smoke mode against the real engine and agents: proves the benchmark runs
 * end to end and writes its report. Targets are not asserted: timing is the benchmark's business.
 */
class BenchMainSmokeTest {

  @TempDir Path dir;

  @Test
  void smokeRunCompletesEveryScenarioAndWritesJson() throws Exception {
    Path out = dir.resolve("bench.json");
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    int exit =
        BenchMain.run(
            new String[] {"--smoke", "--out", out.toString()},
            new PrintStream(console, true, StandardCharsets.UTF_8));

    String table = console.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(table).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toFile());
    assertThat(report.path("mode").asText()).isEqualTo("smoke");
    assertThat(report.path("machine").path("cpus").asInt()).isPositive();
    JsonNode scenarios = report.path("scenarios");
    assertThat(scenarios).hasSize(BenchMain.SCENARIOS.size());
    for (JsonNode scenario : scenarios) {
      assertThat(scenario.has("error")).as(scenario.toString()).isFalse();
      assertThat(scenario.path("metrics")).as(scenario.path("id").asText()).isNotEmpty();
      for (JsonNode metric : scenario.path("metrics")) {
        assertThat(metric.path("value").isNumber()).as(metric.toString()).isTrue();
      }
    }
    assertThat(table).contains("== targets");
  }

  @Test
  void theServerOptionNamesOneOfTwoServices() {
    assertThat(BenchMain.parse(new String[] {"--server", "real"}).server())
        .isEqualTo(BenchServer.REAL);
    assertThat(BenchMain.parse(new String[0]).server()).isEqualTo(BenchServer.IN_MEMORY);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int exit =
        BenchMain.run(
            new String[] {"--server", "cloud"},
            new PrintStream(console, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
  }

  @Test
  void badUsageExitsTwoWithoutRunningAnything() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int exit =
        BenchMain.run(
            new String[] {"--reps", "zero"},
            new PrintStream(console, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(2);
    assertThat(console.size()).isZero();
  }
}
