package dev.skein.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.testkit.TemporalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Temporal Web UI of the real dev server shows a Skein run as its workflow options and the
 * engine describe it: headless Chromium (Debian's, driven by playwright-core from {@code
 * clients/browser}) opens the run's page, goes to its User Metadata tab, and reads the summary, the
 * static details and the current details' step table, which must match the run's {@code progress}
 * query step for step. The run holds still with a step of each status while the page is read; the
 * screenshot it takes is the one in {@code docs/temporal-ui-run.png}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TemporalUiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path SCREENSHOT = Path.of("target", "temporal-ui", "run-page.png");

  @Test
  void theRunsPageShowsItsSummaryAndItsStepTable() throws Exception {
    Path chromium = Tools.chromium();
    String node = Tools.node();
    Tools.npmPackages("clients/browser");
    Files.createDirectories(SCREENSHOT.getParent());
    Files.deleteIfExists(SCREENSHOT);

    try (TemporalServer server = TemporalServer.builder().name("ui").withUi().start();
        RealServerWorker worker = RealServerWorker.start(server.address());
        SkeinClient skein = worker.skeinClient()) {
      RunHandle run =
          skein.start(
              Repository.path("clients/src/test/resources/ui-tour.yaml"),
              Map.of(),
              StartOptions.defaults().withWorkflowId("ui-tour-1"));
      try {
        Poll.until(Duration.ofSeconds(60), () -> heldStill(run.progress()));
        RunResult progress = run.progress();

        Subprocess.Result page =
            Subprocess.of(
                    node,
                    Repository.path("clients/browser/check-run-page.mjs").toString(),
                    "--ui",
                    server.uiUrl().orElseThrow(),
                    "--workflow-id",
                    run.workflowId(),
                    "--run-id",
                    run.runId().orElseThrow(),
                    "--chromium",
                    chromium.toString(),
                    "--screenshot",
                    SCREENSHOT.toAbsolutePath().toString())
                .timeout(Duration.ofMinutes(2))
                .run();

        assertThat(page.exit()).as(page.toString()).isZero();
        JsonNode shown = JSON.readTree(page.out());
        assertThat(shown.path("title").asText()).contains(run.workflowId());
        assertThat(shown.path("summary").path("text").asText())
            .isEqualTo(
                "ui-tour: What the Temporal UI shows of a Skein run - done, failed, running and"
                    + " waiting steps");
        assertThat(shown.path("details").path("text").asText())
            .startsWith("ui-tour\n")
            .endsWith("Steps: plan, tests, lint, review, report");
        JsonNode current = shown.path("currentDetails");
        assertThat(current.path("text").asText())
            .startsWith(
                "ui-tour · running\n5 steps: 1 pending · 1 running · 2 succeeded · 1 failed");
        List<JsonNode> rows =
            StreamSupport.stream(current.path("rows").spliterator(), false).toList();
        // The table is the progress query's, row for row: the step (a fan-out with its finished
        // tasks), its status and its attempts.
        assertThat(rows)
            .extracting(r -> r.path("step").asText().split(" ")[0], r -> r.path("status").asText())
            .containsExactlyElementsOf(
                progress.steps().stream().map(s -> tuple(s.id(), s.status().wireName())).toList())
            .containsExactly(
                tuple("plan", "succeeded"),
                tuple("tests", "succeeded"),
                tuple("lint", "failed"),
                tuple("review", "running"),
                tuple("report", "pending"));
        assertThat(rows.get(1).path("step").asText()).startsWith("tests (3").endsWith("3)");
        // Attempts are counted as they end: blank while the first one runs.
        assertThat(rows)
            .extracting(r -> r.path("attempts").asText())
            .containsExactlyElementsOf(
                progress.steps().stream()
                    .map(s -> s.attempts() == 0 ? "" : String.valueOf(s.attempts()))
                    .toList());
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(20_000);
      } finally {
        run.cancel();
      }
    }
  }

  /** Every status but the last step's is final, and the review step runs (for ten minutes). */
  private static boolean heldStill(RunResult progress) {
    List<StepRecord> steps = progress.steps();
    return steps.size() == 5
        && steps.get(0).status() == StepStatus.SUCCEEDED
        && steps.get(1).status() == StepStatus.SUCCEEDED
        && steps.get(2).status() == StepStatus.FAILED
        && steps.get(3).status() == StepStatus.RUNNING;
  }
}
