package dev.skein.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.dev.EmbeddedTemporal;
import dev.skein.engine.Decision;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.worker.WorkerSettings;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Determinism of engine version 4 (HUMAN): a recorded run with an approval gate (its timer, then
 * approved through the {@code decide} update while another branch runs) and a failure under {@code
 * on_error: pause} that a {@code retry} decision with a replacement prompt resolves; and of version
 * 5 (GATES_CARRIED): a gate carried across continue-as-new. Re-record (only after an intentional,
 * versioned change) with {@code mvn -pl starter test -Dtest=HumanHistoriesTest
 * -Dskein.recordHistories=true} (version 4) or {@code =carried} (version 5).
 */
class HumanHistoriesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path RESOURCES = Path.of("src/test/resources/histories/human");
  private static final String ID = "replay-human";

  static final String GATED =
      """
      name: gated
      mode: dataflow
      agents:
        flagged:
          kind: command
          command: [sh, -c, 'test -f FLAG && echo fixed || { echo broken >&2; exit 1; }']
      steps:
        - {id: review, prompt: the diff}
        - id: ship
          approval:
            prompt: "Merge {{ steps.review.output }}?"
            timeout: 72h
            on_timeout: reject
          depends_on: [review]
        - {id: side, agent: sleep, with: {duration: 1s}}
        - {id: flaky, agent: flagged, prompt: first, on_error: pause, retry: {max_attempts: 1}}
        - {id: done, prompt: "{{ steps.ship.output.decision }} {{ steps.flaky.output }}"}
      """;

  @Test
  void aRunWithAnApprovalAndAPausedFailureReplays() throws Exception {
    HistoryFiles.replay(read("gated"));
  }

  /**
   * Engine version 5 (GATES_CARRIED): an approval waits while a long chain makes the run continue
   * as new; the next execution opens the gate again, and the approval there lets the run finish.
   */
  @Test
  void aGateCarriedAcrossContinueAsNewReplaysInBothExecutions() throws Exception {
    HistoryFiles.replay(HistoryFiles.read("human", "carried-1", CARRIED_ID));
    HistoryFiles.replay(HistoryFiles.read("human", "carried-2", CARRIED_ID));
  }

  private static final String CARRIED_ID = "replay-human-carried";

  /** Enough sequential steps for the service to suggest continue-as-new (4,096 events). */
  private static final int CHAIN = 700;

  private static String carried() {
    StringBuilder yaml =
        new StringBuilder(
            """
            name: carried
            mode: dataflow
            steps:
              - id: ship
                approval: {prompt: "Ship it?", timeout: 72h, on_timeout: reject}
              - {id: s0, prompt: start}
            """);
    for (int i = 1; i < CHAIN; i++) {
      yaml.append("  - {id: s").append(i).append(", prompt: p, depends_on: [s").append(i - 1);
      yaml.append("]}\n");
    }
    yaml.append(
            "  - {id: after, prompt: \"{{ steps.ship.output.decision }}\", depends_on: [ship, s")
        .append(CHAIN - 1)
        .append("]}\n");
    return yaml.toString();
  }

  private static WorkflowExecutionHistory read(String name) throws IOException {
    return HistoryFiles.read("human", name, ID);
  }

  @Test
  @EnabledIfSystemProperty(named = "skein.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    Files.createDirectories(RESOURCES);
    Path flag = Files.createTempDirectory("skein-replay").resolve("flag");
    try (EmbeddedTemporal embedded = EmbeddedTemporal.start(WorkerSettings.defaults())) {
      SkeinClient client = embedded.skeinClient();
      RunHandle run =
          client.start(
              YAML.readTree(GATED.replace("FLAG", flag.toString())),
              Map.of(),
              StartOptions.defaults().withWorkflowId(ID));
      awaitWaiting(run, "ship");
      run.decide(Decision.approve("ship", "alice", "ship it"));
      awaitWaiting(run, "flaky");
      Files.writeString(flag, "");
      run.decide(new Decision("flaky", null, Decision.RETRY, "bob", null, "second", null));
      RunResult result = run.rawResult();
      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      HistoryFiles.write(RESOURCES, "gated", client.workflowClient().fetchHistory(ID));
    }
  }

  /**
   * Records the version 5 histories alone ({@code -Dskein.recordHistories=carried}), so the version
   * 4 one above stays as version 4 recorded it.
   */
  @Test
  @EnabledIfSystemProperty(named = "skein.recordHistories", matches = "carried")
  void recordCarriedHistories() throws Exception {
    Files.createDirectories(RESOURCES);
    try (EmbeddedTemporal embedded = EmbeddedTemporal.start(WorkerSettings.defaults())) {
      recordCarried(embedded.skeinClient());
    }
  }

  private static void recordCarried(SkeinClient client) throws Exception {
    RunHandle run =
        client.start(
            YAML.readTree(carried()), Map.of(), StartOptions.defaults().withWorkflowId(CARRIED_ID));
    // History, not queries, tells when the run has continued: nothing races its last task.
    String first = "";
    for (int i = 0; i < 1200 && first.isEmpty(); i++) {
      Thread.sleep(100);
      first = continuedFrom(client.workflowClient().fetchHistory(CARRIED_ID));
    }
    assertThat(first).as("the run continued as new").isNotEmpty();
    awaitWaiting(run, "ship");
    run.decide(Decision.approve("ship", "alice", null));
    assertThat(run.rawResult().status()).isEqualTo(RunStatus.SUCCEEDED);
    HistoryFiles.write(
        RESOURCES, "carried-1", client.workflowClient().fetchHistory(CARRIED_ID, first));
    HistoryFiles.write(RESOURCES, "carried-2", client.workflowClient().fetchHistory(CARRIED_ID));
  }

  private static String continuedFrom(WorkflowExecutionHistory history) {
    return history
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getContinuedExecutionRunId();
  }

  private static void awaitWaiting(RunHandle run, String step) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      StepRecord s =
          run.progress().steps().stream()
              .filter(r -> r.id().equals(step))
              .findFirst()
              .orElseThrow();
      if (s.waiting() != null) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(step + " never waited");
  }
}
