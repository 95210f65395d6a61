package dev.skein.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.dev.EmbeddedTemporal;
import dev.skein.engine.AgentPipelineImpl;
import dev.skein.engine.Decision;
import dev.skein.engine.FanOutShardImpl;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.worker.WorkerSettings;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Determinism of engine version 4 (HUMAN): a recorded run with an approval gate (its timer, then
 * approved through the {@code decide} update while another branch runs) and a failure under {@code
 * on_error: pause} that a {@code retry} decision with a replacement prompt resolves. Re-record
 * (only after an intentional, versioned change) with {@code mvn -pl starter test
 * -Dtest=HumanHistoriesTest -Dskein.recordHistories=true}.
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
    WorkflowReplayer.replayWorkflowExecution(
        read("gated"), AgentPipelineImpl.class, FanOutShardImpl.class);
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
