package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.dev.EmbeddedTemporal;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskRecord;
import dev.skein.storage.Storage;
import dev.skein.worker.WorkerSettings;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sizes through the engine and the real agents, with outputs kept outside history in a file
 * store: megabyte outputs, a fan-out of 200 outputs of 40 KB joined and read by one more step, and
 * fan-outs of thousands of tasks in child workflows.
 */
class RealSizeTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path storeDir;
  private EmbeddedTemporal embedded;
  private SkeinClient client;

  @BeforeEach
  void setUp() {
    embedded =
        EmbeddedTemporal.start(
            WorkerSettings.defaults()
                .withTaskQueues(List.of("skein"))
                .withMaxConcurrentActivities(64)
                .withStorage(Optional.of(Storage.fileSystem(storeDir))));
    client = embedded.skeinClient();
  }

  @AfterEach
  void tearDown() {
    embedded.close();
  }

  /** What {@code yes "$item" | head -c n} prints. */
  private static String repeated(String line, int bytes) {
    String unit = line + "\n";
    return unit.repeat(bytes / unit.length() + 1).substring(0, bytes);
  }

  @Test
  void twoHundredFortyKilobyteOutputsAreJoinedAndReadWithNothingInHistory() throws Exception {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < 200; i++) {
      items.add("item-" + i);
    }
    String id =
        start(
            """
            name: outputs
            defaults: {max_concurrency: 16}
            agents:
              big: {kind: command, command: [sh, -c, 'yes "$0" | head -c 40000', "{{ item }}"]}
              count: {kind: command, command: [wc, -c]}
            steps:
              - {id: fan, for_each: "{{ inputs.items }}", agent: big, prompt: x}
              - {id: all, join: [fan]}
              - {id: last, agent: count, prompt: "{{ steps.all.output }}"}
            inputs: {items: []}
            """,
            Map.of("items", items));
    RunResult result = resolved(id);

    assertThat(result.status()).as(result.toString()).isEqualTo(RunStatus.SUCCEEDED);
    StepRecord fan = step(result, "fan");
    assertThat(fan.tasks()).hasSize(200);
    for (TaskRecord t : fan.tasks()) {
      assertThat(t.output()).isEqualTo(repeated("item-" + t.index(), 40_000));
    }
    String joined = step(result, "all").output();
    assertThat(joined).startsWith("[fan]:\n[\"item-0\\nitem-0");
    // The last step read the whole join: the worker rendered its prompt from the store.
    assertThat(step(result, "last").output().strip()).isEqualTo(String.valueOf(joined.length()));
    assertThat(historyBytes(id)).isLessThan(1_000_000);
  }

  @Test
  void aTenMegabyteOutputIsReturnedInFull() throws Exception {
    String id =
        start(
            """
            name: ten-mb
            agents:
              huge:
                kind: command
                command: [sh, -c, "head -c 10000000 /dev/zero | tr '\\\\0' a"]
                max_output: 16MB
              count: {kind: command, command: [wc, -c]}
            steps:
              - {id: big, agent: huge, prompt: x}
              - {id: size, agent: count, prompt: "{{ steps.big.output }}"}
            """,
            Map.of());
    RunResult result = resolved(id);

    assertThat(result.status()).as(result.toString()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(result, "big").output()).hasSize(10_000_000).matches("a+");
    assertThat(step(result, "size").output().strip()).isEqualTo("10000000");
    assertThat(historyBytes(id)).isLessThan(200_000);
  }

  @Test
  void fiveThousandTasksRunInChildWorkflowsInInputOrder() throws Exception {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < 5000; i++) {
      items.add(i);
    }
    String id =
        start(
            """
            name: wide
            defaults: {max_concurrency: 40}
            steps:
              - {id: fan, for_each: "{{ inputs.items }}", prompt: "task {{ item }}"}
              - {id: after, prompt: "{{ steps.fan.output[4999] }}"}
            inputs: {items: []}
            """,
            Map.of("items", items));
    RunResult result = resolved(id);

    assertThat(result.status()).as(result.error() + "").isEqualTo(RunStatus.SUCCEEDED);
    StepRecord fan = step(result, "fan");
    assertThat(fan.tasks()).hasSize(5000);
    for (TaskRecord t : fan.tasks()) {
      assertThat(t.index()).isEqualTo(t.index());
      assertThat(t.output()).isEqualTo("task " + t.index());
    }
    assertThat(fan.taskCounts().succeeded()).isEqualTo(5000);
    assertThat(fan.shards()).hasSize(10);
    assertThat(step(result, "after").output()).isEqualTo("task 4999");
  }

  @Test
  void aFailedTaskInOneChildStopsEveryChildAndLeavesNothingPending() throws Exception {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < 1500; i++) {
      items.add(i == 700 ? "fail" : "ok");
    }
    String id =
        start(
            """
            name: wide-fail
            defaults: {max_concurrency: 30, retry: {max_attempts: 1}}
            agents:
              maybe: {kind: command, command: [sh, -c, 'sleep 0.05; test "$0" = ok', "{{ item }}"]}
            steps:
              - {id: fan, for_each: "{{ inputs.items }}", agent: maybe, prompt: x}
              - {id: never, depends_on: [fan], prompt: n}
            inputs: {items: []}
            """,
            Map.of("items", items));
    RunResult result = resolved(id);

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    StepRecord fan = step(result, "fan");
    assertThat(fan.status()).isEqualTo(StepStatus.FAILED);
    assertThat(fan.error().message()).startsWith("task 700: ");
    assertThat(fan.tasks().get(700).status()).isEqualTo(StepStatus.FAILED);
    assertThat(fan.taskCounts().pending()).isZero();
    assertThat(fan.taskCounts().running()).isZero();
    assertThat(fan.taskCounts().succeeded()).isLessThan(1499);
    assertThat(step(result, "never").status()).isEqualTo(StepStatus.CANCELLED);
  }

  private String start(String yaml, Map<String, JsonNode> inputs) throws Exception {
    return client.start(YAML.readTree(yaml), inputs, StartOptions.defaults()).workflowId();
  }

  private RunResult resolved(String id) throws Exception {
    RunHandle run = client.attach(id);
    try {
      return run.resultAsync().get(180, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("run " + id + " did not end: " + run.progress(), e);
    }
  }

  /** Bytes of the run's history as the service holds it (references, not what they point to). */
  private long historyBytes(String id) {
    History history =
        client
            .workflowClient()
            .getWorkflowServiceStubs()
            .blockingStub()
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace("default")
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                    .build())
            .getHistory();
    return history.getSerializedSize();
  }

  private static StepRecord step(RunResult r, String id) {
    return r.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }
}
