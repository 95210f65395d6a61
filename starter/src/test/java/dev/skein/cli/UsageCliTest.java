package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.Usage;
import dev.skein.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and cost where a person looks: the table, the closing line, --json and the timeline. */
class UsageCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  @BeforeAll
  static void files() throws Exception {
    Files.writeString(
        dir.resolve("spend.yaml"),
        """
        name: spend
        agents:
          claude:
            kind: command
            command: [sh, -c, 'cat >/dev/null; echo "{\\"type\\":\\"result\\",\\"result\\":\\"reviewed\\",\\"total_cost_usd\\":0.0125,\\"usage\\":{\\"input_tokens\\":1500,\\"output_tokens\\":300}}"']
            usage: claude
        steps:
          - id: review
            agent: claude
            prompt: review this
          - id: note
            prompt: "{{ steps.review.output }}"
        """);
  }

  @Test
  void theTableShowsTokensAndCostPerStepAndInTotal() {
    Cli.Result r = Cli.run(dir, "run", "--plain", "spend.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    assertThat(r.out()).containsPattern("TOKENS\\s+COST");
    assertThat(r.out())
        .containsPattern("review\\s+succeeded\\s+1\\s+\\S+\\s+1\\.8k\\s+\\$0\\.0125");
    assertThat(r.out()).containsPattern("total\\s+1\\.8k\\s+\\$0\\.0125");
    // the answer, not the tool's JSON envelope, is the step's output
    assertThat(r.out()).contains("reviewed").doesNotContain("total_cost_usd");
    assertThat(r.out()).containsPattern("run succeeded in .*, 1\\.8k tokens, \\$0\\.0125");
  }

  @Test
  void jsonCarriesUsagePerStepAndForTheRun() throws Exception {
    Cli.Result r = Cli.run(dir, "run", "--json", "spend.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.at("/steps/0/usage/input_tokens").asLong()).isEqualTo(1500);
    assertThat(result.at("/steps/0/usage/output_tokens").asLong()).isEqualTo(300);
    assertThat(result.at("/steps/0/usage/cost_usd").asDouble()).isEqualTo(0.0125);
    assertThat(result.at("/steps/1/usage").isMissingNode()).isTrue();
    assertThat(result.at("/usage/cost_usd").asDouble()).isEqualTo(0.0125);
  }

  @Test
  void theTimelineNamesWhatEachBarSpent() {
    Usage usage = new Usage(1200, 34, 0, 0.5);
    StepRecord step =
        StepRecord.builder("fix", "agent", StepStatus.SUCCEEDED)
            .agent("claude")
            .attempts(1)
            .launchedAt("2026-12-02T08:00:00Z")
            .completedAt("2026-12-02T08:00:05Z")
            .output("done")
            .usage(usage)
            .build();
    RunResult run =
        new RunResult(
            "wf", "run", "p", RunStatus.SUCCEEDED, null, null, null, List.of(step), null, usage);

    assertThat(Timeline.gantt(run, Instant.now()))
        .contains("fix (succeeded; 1.2k tokens; $0.5000) :done, ");
  }
}
