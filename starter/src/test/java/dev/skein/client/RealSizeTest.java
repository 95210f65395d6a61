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
import dev.skein.testkit.SharedTemporalServer;
import dev.skein.testkit.Tier;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real sizes, on the embedded service and on a real Temporal server (whose 2 MB payload and 4 MB
 * message limits the embedded one does not all enforce), with outputs kept outside history in a
 * file store: megabyte outputs, 200 outputs of 40 KB joined and read by one more step, a chain of
 * 300 steps of 100 KB, and fan-outs of thousands of tasks in child workflows, including fail-fast
 * and cancellation across them. Every output comes back in full through the client.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class RealSizeTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String QUEUE = "sizes";

  private static Path storeDir;
  private static Storage storage;
  private static AutoCloseable service;
  private static SkeinClient client;

  @Parameter Tier tier;

  @BeforeParameterizedClassInvocation
  static void start(Tier tier) throws Exception {
    storeDir = Files.createTempDirectory("skein-sizes-");
    storage = Storage.fileSystem(storeDir);
    WorkerSettings settings =
        WorkerSettings.defaults()
            .withTaskQueues(List.of(QUEUE))
            .withMaxConcurrentActivities(64)
            .withShutdownGrace(Duration.ZERO)
            .withStorage(Optional.of(storage));
    if (tier == Tier.IN_MEMORY) {
      EmbeddedTemporal embedded = EmbeddedTemporal.start(settings);
      service = embedded;
      client = embedded.skeinClient();
      return;
    }
    String address = SharedTemporalServer.get().address();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    WorkflowClient workflowClient =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace("default")
                .setExternalStorage(storage.externalStorage())
                .build());
    SkeinWorker worker = new SkeinWorker(workflowClient, settings);
    worker.start();
    service =
        () -> {
          worker.shutdownNow();
          stubs.shutdownNow();
        };
    client = SkeinClient.of(workflowClient, address, Optional.of(storage));
  }

  @AfterParameterizedClassInvocation
  static void stop() throws Exception {
    service.close();
  }

  /** What {@code yes "$line" | head -c n} prints. */
  private static String repeated(String line, int bytes) {
    String unit = line + "\n";
    return unit.repeat(bytes / unit.length() + 1).substring(0, bytes);
  }

  private static ArrayNode items(int n) {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < n; i++) {
      items.add(i);
    }
    return items;
  }

  @Test
  void twoHundredFortyKilobyteOutputsAreJoinedAndReadWithNothingInHistory() throws Exception {
    String id =
        start(
            """
            name: outputs
            defaults: {max_concurrency: 16, task_queue: sizes}
            agents:
              big: {kind: command, command: [sh, -c, 'yes "item-$0" | head -c 40000', "{{ item }}"]}
              count: {kind: command, command: [wc, -c]}
            steps:
              - {id: fan, for_each: "{{ inputs.items }}", agent: big, prompt: x}
              - {id: all, join: [fan]}
              - {id: last, agent: count, prompt: "{{ steps.all.output }}"}
            inputs: {items: []}
            """,
            Map.of("items", items(200)));
    RunResult result = resolved(id);

    assertThat(result.status()).as(result.toString()).isEqualTo(RunStatus.SUCCEEDED);
    StepRecord fan = step(result, "fan");
    assertThat(fan.tasks()).hasSize(200);
    for (TaskRecord t : fan.tasks()) {
      assertThat(t.output()).isEqualTo(repeated("item-" + t.index(), 40_000));
    }
    String joined = step(result, "all").output();
    assertThat(joined).startsWith("[fan]:\n[\"item-0\\nitem-0");
    // The last step read the whole join: its worker rendered the prompt from the store.
    assertThat(step(result, "last").output().strip()).isEqualTo(String.valueOf(joined.length()));
    assertThat(historyBytes(id)).isLessThan(1_000_000);
  }

  @Test
  void tenAndThreeMegabyteOutputsAreReturnedInFull() throws Exception {
    String id =
        start(
            """
            name: megabytes
            defaults: {task_queue: sizes}
            agents:
              ten:
                kind: command
                command: [sh, -c, "head -c 10000000 /dev/zero | tr '\\\\0' a"]
                max_output: 16MB
              three:
                kind: command
                command: [sh, -c, "head -c 3000000 /dev/zero | tr '\\\\0' b"]
                max_output: 4MB
              count: {kind: command, command: [wc, -c]}
            steps:
              - {id: big, agent: ten, prompt: x}
              - {id: medium, agent: three, prompt: x}
              - {id: size, agent: count, prompt: "{{ steps.big.output }}"}
            """,
            Map.of());
    RunResult result = resolved(id);

    assertThat(result.status()).as(result.toString()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(result, "big").output()).hasSize(10_000_000).matches("a+");
    assertThat(step(result, "medium").output()).hasSize(3_000_000).matches("b+");
    assertThat(step(result, "size").output().strip()).isEqualTo("10000000");
    assertThat(historyBytes(id)).isLessThan(200_000);
  }

  @Test
  void aChainOfThreeHundredStepsOfOneHundredKilobytesCompletes() throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            """
            name: chain
            defaults: {task_queue: sizes}
            agents:
              print: {kind: command, command: [sh, -c, 'head -c 9; cat >/dev/null; head -c 99991 /dev/zero | tr "\\000" z']}
            steps:
              - {id: s0, agent: print, prompt: "step-0000"}
            """);
    for (int i = 1; i < 300; i++) {
      // Each prompt reads the previous output (stored), so the worker renders it from the store.
      yaml.append(
          String.format(
              "  - {id: s%d, agent: print, prompt: \"step-%04d{{ steps.s%d.output }}\"}%n",
              i, i, i - 1));
    }
    String id = start(yaml.toString(), Map.of());
    RunResult result = resolved(id);

    assertThat(result.status()).as(result.error() + "").isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.steps()).hasSize(300).allMatch(s -> s.status() == StepStatus.SUCCEEDED);
    for (int i = 0; i < 300; i++) {
      String out = step(result, "s" + i).output();
      assertThat(out).hasSize(100_000).startsWith(String.format("step-%04d", i));
    }
    assertThat(historyBytes(id)).isLessThan(4_000_000);
  }

  @Test
  void fiveThousandTasksRunInChildWorkflowsInInputOrder() throws Exception {
    String id =
        start(
            """
            name: wide
            defaults: {max_concurrency: 40, task_queue: sizes}
            steps:
              - {id: fan, for_each: "{{ inputs.items }}", prompt: "task {{ item }}"}
              - {id: after, prompt: "{{ steps.fan.output[4999] }}"}
            inputs: {items: []}
            """,
            Map.of("items", items(5000)));
    RunResult result = resolved(id);

    assertThat(result.status()).as(result.error() + "").isEqualTo(RunStatus.SUCCEEDED);
    StepRecord fan = step(result, "fan");
    assertThat(fan.tasks()).hasSize(5000);
    for (int i = 0; i < 5000; i++) {
      assertThat(fan.tasks().get(i).index()).isEqualTo(i);
      assertThat(fan.tasks().get(i).output()).isEqualTo("task " + i);
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
            defaults: {max_concurrency: 30, retry: {max_attempts: 1}, task_queue: sizes}
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
    assertChildrenClosed(fan);
  }

  @Test
  void cancellingAShardedFanOutStopsEveryChildsAgents() throws Exception {
    String id =
        start(
            """
            name: wide-cancel
            defaults: {max_concurrency: 24, task_queue: sizes}
            agents:
              slow: {kind: command, command: [sh, -c, 'sleep 0.3']}
            steps:
              - {id: fan, for_each: "{{ inputs.items }}", agent: slow, prompt: x}
            inputs: {items: []}
            """,
            Map.of("items", items(1200)));
    RunHandle run = client.attach(id);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (step(run.progress(), "fan").taskCounts() == null
        || step(run.progress(), "fan").taskCounts().succeeded() < 30) {
      assertThat(System.nanoTime()).as("some tasks done").isLessThan(deadline);
      Thread.sleep(100);
    }
    run.cancel();
    RunResult result = resolved(id);

    assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
    StepRecord fan = step(result, "fan");
    assertThat(fan.status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(fan.taskCounts().pending()).isZero();
    assertThat(fan.taskCounts().running()).isZero();
    assertThat(fan.taskCounts().succeeded()).isGreaterThanOrEqualTo(30);
    assertThat(fan.taskCounts().cancelled()).isGreaterThan(0);
    assertThat(fan.tasks()).allMatch(t -> t.status().isFinal());
    assertChildrenClosed(fan);
  }

  private void assertChildrenClosed(StepRecord fan) {
    assertThat(fan.shards()).isNotEmpty();
    for (var shard : fan.shards()) {
      var status =
          client
              .workflowClient()
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(
                          WorkflowExecution.newBuilder().setWorkflowId(shard.workflowId()))
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus();
      assertThat(status)
          .as(shard.workflowId())
          .isNotEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    }
  }

  private String start(String yaml, Map<String, JsonNode> inputs) throws Exception {
    return client
        .start(YAML.readTree(yaml), inputs, StartOptions.defaults().withTaskQueue(QUEUE))
        .workflowId();
  }

  private RunResult resolved(String id) throws Exception {
    RunHandle run = client.attach(id);
    try {
      return run.resultAsync().get(240, TimeUnit.SECONDS);
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
