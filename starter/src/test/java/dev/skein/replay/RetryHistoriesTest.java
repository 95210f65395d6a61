package dev.skein.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.RetryOptions;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.dev.EmbeddedTemporal;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.PipelineInput;
import dev.skein.engine.ResumeFrom;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.worker.WorkerSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Determinism of engine version 2 (retries): a retry that reads its source with {@code
 * LoadResumeSource}, reuses a step and a fan-out's tasks and runs the failed step and its dependent
 * again; a retry whose source does not exist. Recorded once on the embedded service.
 *
 * <p>Re-record (only after an intentional, versioned change) with {@code mvn -pl starter test
 * -Dtest=RetryHistoriesTest -Dskein.recordRetryHistories=true}.
 */
class RetryHistoriesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path RESOURCES = Path.of("src/test/resources/histories/v2");

  /** b fails while the marker file exists (the recording removes it between the two runs). */
  static String pipeline(Path marker) {
    return """
        name: retried
        defaults: {retry: {max_attempts: 1}, on_error: wait_for_all}
        agents:
          gated: {kind: command, command: [sh, -c, 'test ! -e MARKER && cat']}
        steps:
          - {id: a, prompt: "a"}
          - {id: fan, for_each: "[1, 2, 3]", prompt: "task {{ item }} {{ steps.a.output }}"}
          - {id: b, agent: gated, prompt: "b {{ steps.a.output }}"}
          - {id: c, prompt: "c {{ steps.b.output }} {{ steps.fan.output }}"}
        """
        .replace("MARKER", marker.toString());
  }

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"retry", "retry-missing-source"})
  void recordedHistoryReplays(String name) throws Exception {
    HistoryFiles.replay(read(name));
  }

  private static WorkflowExecutionHistory read(String name) throws IOException {
    return HistoryFiles.read("v2", name, "replay-" + name);
  }

  @Test
  @EnabledIfSystemProperty(named = "skein.recordRetryHistories", matches = "true")
  void recordHistories() throws Exception {
    Files.createDirectories(RESOURCES);
    Path marker = dir.resolve("broken");
    Files.writeString(marker, "");
    try (EmbeddedTemporal embedded = EmbeddedTemporal.start(WorkerSettings.defaults())) {
      SkeinClient client = embedded.skeinClient();
      RunHandle source =
          client.start(
              YAML.readTree(pipeline(marker)),
              Map.of(),
              StartOptions.defaults().withWorkflowId("replay-retry-source"));
      assertThat(source.rawResult().status()).isEqualTo(RunStatus.FAILED);
      Files.delete(marker);
      RunHandle retry =
          client.retry(
              source.workflowId(),
              RetryOptions.defaults()
                  .withStart(StartOptions.defaults().withWorkflowId("replay-retry")));
      RunResult result = retry.rawResult();
      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(result.steps().get(0).reusedFrom()).isEqualTo(source.workflowId());
      assertThat(result.steps().get(1).reusedTasks()).isEqualTo(3);
      write("retry", client.workflowClient().fetchHistory(retry.workflowId()));

      AgentPipeline missing =
          client
              .workflowClient()
              .newWorkflowStub(
                  AgentPipeline.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue("skein")
                      .setWorkflowId("replay-retry-missing-source")
                      .build());
      WorkflowClient.start(
          missing::run,
          new PipelineInput(
              YAML.readTree(pipeline(marker)),
              Map.of(),
              new ResumeFrom("no-such-run", null, List.of()),
              null));
      assertThat(client.attach("replay-retry-missing-source").rawResult().error().type())
          .isEqualTo("InvalidResume");
      write(
          "retry-missing-source",
          client.workflowClient().fetchHistory("replay-retry-missing-source"));
    }
  }

  private static void write(String name, WorkflowExecutionHistory history) throws IOException {
    HistoryFiles.write(RESOURCES, name, history);
  }
}
