package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.client.RunNotFoundException;
import dev.skein.client.SkeinClient;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testkit.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits only the real server enforces (the in-memory one has none): at most 2 MB per payload.
 * Skein must meet them with a clear answer, not a stack trace or a lost run.
 */
class RealServerLimitsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int OVER_TWO_MEGABYTES = 2_500_000;

  @TempDir Path dir;

  @Test
  void inputsOverThePayloadLimitExitTwoWithOneSentenceAndStartNothing() throws Exception {
    SharedService service = SharedService.get(Tier.REAL_SERVER);
    Files.writeString(
        dir.resolve("echo.yaml"),
        "name: echo\ninputs: {blob: \"\"}\nsteps:\n  - {id: s1, prompt: \"{{ inputs.blob }}\"}\n");
    JSON.writeValue(
        dir.resolve("big.json").toFile(), Map.of("blob", "x".repeat(OVER_TWO_MEGABYTES)));

    Cli.Result r =
        Cli.run(
            dir,
            "run",
            "--address",
            service.address(),
            "--id",
            "too-big-input",
            "--inputs",
            "big.json",
            "echo.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip())
        .as(r.toString())
        .contains("refused to start the run")
        .contains("2 MB")
        .doesNotContain("\n")
        .doesNotContain("Exception");
    try (SkeinClient client = service.connect()) {
      assertThatThrownBy(() -> client.attach("too-big-input").isRunning())
          .isInstanceOf(RunNotFoundException.class);
    }
  }

  /**
   * Ten agents of 250 kB each — every one under the default {@code max_output} — make a run result
   * of 2.5 MB. Today the real server rejects the workflow's completion ({@code
   * CompleteWorkflowExecutionCommandAttributes.Result exceeds size limit}) and terminates the run
   * after every step succeeded; in memory it succeeds. The engine change that keeps large outputs
   * out of the run result (output references) fixes it; then this test is to be enabled.
   */
  @Disabled("fails on the real server until the run result keeps large outputs as references")
  @Test
  void aRunWhoseOutputsTogetherExceedThePayloadLimitSucceeds() throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            """
            name: wide-outputs
            defaults: {max_concurrency: 5}
            agents:
              big: {kind: command, command: [sh, -c, 'head -c 250000 /dev/zero | tr "\\0" x']}
            steps:
            """);
    for (int i = 1; i <= 10; i++) {
      yaml.append("  - {id: s").append(i).append(", agent: big}\n");
    }
    Files.writeString(dir.resolve("wide.yaml"), yaml.toString());

    Cli.Result r =
        Cli.run(
            dir,
            "run",
            "--address",
            SharedService.get(Tier.REAL_SERVER).address(),
            "--json",
            "wide.yaml");

    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(result.path("steps")).hasSize(10);
    result
        .path("steps")
        .forEach(step -> assertThat(step.path("status").asText()).isEqualTo("succeeded"));
  }
}
