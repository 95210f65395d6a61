package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskRecord;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retries in the engine: a run with {@code resume_from} reuses every step and task that succeeded
 * in its source and is asked the same now, and runs the rest (the agents' calls are counted).
 */
class RetryTest extends EngineTestBase {

  static final String CHAIN =
      """
      name: chain
      inputs: {topic: rivers}
      defaults: {heartbeat_timeout: 2s}
      steps:
        - {id: a, prompt: "a {{ inputs.topic }}"}
        - {id: b, prompt: "b {{ steps.a.output }}", with: {work_ms: 300}}
        - {id: c, prompt: "c {{ steps.b.output }}"}
        - {id: side, depends_on: [a], prompt: "side {{ steps.a.output }}"}
        - {id: both, join: [c, side]}
      """;

  private int retries;

  private String retry(String pipeline, String source, List<String> rerun) {
    return retry(pipeline, Map.of(), source, rerun);
  }

  private String retry(
      String pipeline, Map<String, JsonNode> inputs, String source, List<String> rerun) {
    String id = "retry-" + (++retries);
    AgentPipeline stub =
        client.newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
    WorkflowClient.start(
        stub::run,
        new PipelineInput(yaml(pipeline), inputs, new ResumeFrom(source, null, rerun), null));
    return id;
  }

  /**
   * {@code b} works for a moment, so {@code side} has ended before {@code b} fails: when the two
   * end together, fail-fast cancels an activity that has just ended, which the bare in-memory
   * service of these tests refuses for good (Temporal's Java SDK issue 2391; the embedded service's
   * fence and a real server do not).
   */
  @Test
  void theFailedStepAndItsDependentsRunAgainTheRestIsReused() {
    agents.broken.add("b");
    String first = start(CHAIN);
    assertThat(await(first).result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(agents.callsOf("a")).isEqualTo(1);
    assertThat(agents.callsOf("side")).isEqualTo(1);

    agents.broken.clear();
    Finished again = await(retry(CHAIN, first, List.of()));

    assertThat(again.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.callsOf("a")).isEqualTo(1);
    assertThat(agents.callsOf("side")).isEqualTo(1);
    assertThat(agents.callsOf("b")).isEqualTo(2);
    assertThat(agents.callsOf("c")).isEqualTo(1);
    assertThat(again.step("a").reusedFrom()).isEqualTo(first);
    assertThat(again.step("a").output()).isEqualTo("a rivers");
    assertThat(again.step("side").reusedFrom()).isEqualTo(first);
    assertThat(again.step("b").reusedFrom()).isNull();
    assertThat(again.step("b").requestDigest()).hasSize(64);
    assertThat(again.step("c").output()).isEqualTo("c b a rivers");
    assertThat(again.result().resumedFrom().workflowId()).isEqualTo(first);
    assertThat(events(again.result().workflowId()))
        .anyMatch(e -> "a".equals(e.step()) && ("reused from " + first).equals(e.detail()));

    // A retry of the retry runs nothing: every record it reads carries its output and digest.
    Finished third = await(retry(CHAIN, again.result().workflowId(), List.of()));
    assertThat(third.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.calls).hasSize(5);
    assertThat(third.result().steps().stream().filter(s -> s.kind().equals("agent")))
        .allMatch(s -> again.result().workflowId().equals(s.reusedFrom()));
  }

  @Test
  void onlyTheFailedTasksOfAFanOutRunAgain() {
    String fan =
        """
        name: fan
        defaults: {heartbeat_timeout: 2s}
        steps:
          - id: each
            for_each: "[0,1,2,3,4,5,6,7,8,9]"
            on_error: wait_for_all
            prompt: "item {{ item }}"
          - {id: after, prompt: "{{ steps.each.output }}"}
        """;
    agents.broken.add("each#3");
    agents.broken.add("each#7");
    String first = start(fan);
    assertThat(await(first).result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(agents.calls).hasSize(10);

    agents.broken.clear();
    Finished again = await(retry(fan, first, List.of()));

    assertThat(again.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.calls.subList(10, agents.calls.size()))
        .extracting(RecordingAgents.Call::label)
        .containsExactlyInAnyOrder("each#3", "each#7", "after");
    StepRecord each = again.step("each");
    assertThat(each.tasks().stream().filter(t -> t.reusedFrom() != null).map(TaskRecord::index))
        .containsExactly(0, 1, 2, 4, 5, 6, 8, 9);
    assertThat(each.reusedFrom()).isNull();
    assertThat(each.status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  /** A fan-out too large for one workflow: each child takes the reusable tasks of its range. */
  @Test
  void aLargeFanOutsChildrenRunOnlyTheFailedTasks() {
    String fan =
        """
        name: wide
        defaults: {max_concurrency: 20, heartbeat_timeout: 2s}
        steps:
          - {id: fan, for_each: "{{ inputs.items }}", on_error: wait_for_all, prompt: "t{{ item }}"}
        inputs: {items: []}
        """;
    com.fasterxml.jackson.databind.node.ArrayNode items =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < 1001; i++) {
      items.add(i);
    }
    agents.broken.add("fan#5");
    agents.broken.add("fan#1000");
    String first = start(fan, Map.of("items", items));
    Finished source = await(first);
    assertThat(source.result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(source.step("fan").shards()).hasSize(3);
    int before = agents.calls.size();

    agents.broken.clear();
    Finished again = await(retry(fan, Map.of("items", items), first, List.of()));

    assertThat(again.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.calls.subList(before, agents.calls.size()))
        .extracting(RecordingAgents.Call::label)
        .containsExactlyInAnyOrder("fan#5", "fan#1000");
    assertThat(again.step("fan").reusedTasks()).isEqualTo(999);
    assertThat(again.step("fan").tasks().get(1000).output()).isEqualTo("t1000");
  }

  /**
   * A terminated run cannot answer queries, so its records are read from its history, and those of
   * its large fan-out's children from theirs: only the tasks that had not finished run again.
   */
  @Test
  void aTerminatedLargeFanOutIsRetriedFromItsChildrensHistories() {
    String fan =
        """
        name: wide
        defaults: {max_concurrency: 20, heartbeat_timeout: 2s}
        steps:
          - {id: fan, for_each: "{{ inputs.items }}", prompt: "t{{ item }}", with: {gate: true}}
        inputs: {items: []}
        """;
    com.fasterxml.jackson.databind.node.ArrayNode items =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < 1001; i++) {
      items.add(i);
      if (i != 5 && i != 1000) {
        agents.release("fan#" + i);
      }
    }
    String first = start(fan, Map.of("items", items));
    eventually("every task started", () -> agents.calls.size() == 1001);
    client.newUntypedWorkflowStub(first).terminate("operator stop");
    int before = agents.calls.size();

    String retry = retry(fan, Map.of("items", items), first, List.of());
    // Released once the retry has read its source and started them again.
    eventually("the two tasks started again", () -> agents.calls.size() == before + 2);
    agents.release("fan#5");
    agents.release("fan#1000");
    Finished again = await(retry);

    assertThat(again.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.calls.subList(before, agents.calls.size()))
        .extracting(RecordingAgents.Call::label)
        .containsExactlyInAnyOrder("fan#5", "fan#1000");
    assertThat(again.step("fan").reusedTasks()).isEqualTo(999);
  }

  @Test
  void rerunForcesAStepAndEverythingDownstream() {
    String first = start(CHAIN);
    assertThat(await(first).result().status()).isEqualTo(RunStatus.SUCCEEDED);

    Finished again = await(retry(CHAIN, first, List.of("b")));

    assertThat(again.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.callsOf("a")).isEqualTo(1);
    assertThat(agents.callsOf("side")).isEqualTo(1);
    assertThat(agents.callsOf("b")).isEqualTo(2);
    assertThat(agents.callsOf("c")).isEqualTo(2);
  }

  @Test
  void aChangedInputRunsOnlyWhatReadsIt() {
    String branches =
        """
        name: branches
        inputs: {left: l, right: r}
        defaults: {heartbeat_timeout: 2s}
        steps:
          - {id: left, prompt: "{{ inputs.left }}"}
          - {id: right, prompt: "{{ inputs.right }}"}
          - {id: left_more, prompt: "more {{ steps.left.output }}"}
          - {id: right_more, prompt: "more {{ steps.right.output }}"}
        """;
    String first = start(branches);
    assertThat(await(first).result().status()).isEqualTo(RunStatus.SUCCEEDED);

    Finished again =
        await(retry(branches, Map.of("left", TextNode.valueOf("L2")), first, List.of()));

    assertThat(again.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.callsOf("left")).isEqualTo(2);
    assertThat(agents.callsOf("left_more")).isEqualTo(2);
    assertThat(agents.callsOf("right")).isEqualTo(1);
    assertThat(agents.callsOf("right_more")).isEqualTo(1);
    assertThat(again.step("left_more").output()).isEqualTo("more L2");
  }

  /**
   * A source that continued as new holds its records in its latest execution; the retry reads them
   * there, and reuses every step before the broken one.
   */
  @Test
  void aSourceThatContinuedAsNewIsReadFromItsLatestExecution() {
    int steps = 700;
    StringBuilder yaml =
        new StringBuilder(
            "name: long-chain\ndefaults: {heartbeat_timeout: 2s}\nsteps:\n  - {id: s0, prompt: start}\n");
    for (int i = 1; i < steps; i++) {
      yaml.append("  - {id: s")
          .append(i)
          .append(", prompt: \"{{ steps.s")
          .append(i - 1)
          .append(".output }}+\"}\n");
    }
    agents.broken.add("s690");
    String first = start(yaml.toString());
    assertThat(await(first).result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(
            client
                .fetchHistory(first)
                .getEvents()
                .get(0)
                .getWorkflowExecutionStartedEventAttributes()
                .getContinuedExecutionRunId()
                .isEmpty())
        .as("the source continued as new")
        .isFalse();

    agents.broken.clear();
    Finished again = await(retry(yaml.toString(), first, List.of()));

    assertThat(again.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.callsOf("s0")).isEqualTo(1);
    assertThat(agents.callsOf("s689")).isEqualTo(1);
    assertThat(agents.callsOf("s690")).isEqualTo(2);
    assertThat(agents.callsOf("s699")).isEqualTo(1);
    assertThat(again.step("s689").reusedFrom()).isEqualTo(first);
    assertThat(again.step("s699").output()).isEqualTo("start" + "+".repeat(steps - 1));
  }

  @Test
  void aSourceThatDoesNotExistEndsTheRunAtOnce() {
    Finished again = await(retry(CHAIN, "no-such-run", List.of()));
    assertThat(again.failureType()).isEqualTo("InvalidResume");
    assertThat(again.failureMessage()).contains("no-such-run").contains("does not exist");
    assertThat(agents.calls).isEmpty();
  }

  @Test
  void aRerunOfAnUnknownStepIsInvalid() {
    String first = start(CHAIN);
    await(first);
    Finished again = await(retry(CHAIN, first, List.of("nope")));
    assertThat(again.failureType()).isEqualTo("InvalidPipeline");
    assertThat(again.failureMessage()).contains("nope");
  }
}
