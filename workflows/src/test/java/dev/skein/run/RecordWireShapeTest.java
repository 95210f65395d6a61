package dev.skein.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON of step and task records as the data converter writes it into history, {@code progress}
 * and results: Python and TypeScript clients read it and checked-in histories hold it, so a change
 * to the records' Java side (builders, constructors) must leave these bytes exactly as they are.
 */
class RecordWireShapeTest {

  // Members one a line for reading; the payload has no white space, hence the strip below.
  private static final String TASK_JSON =
      """
      {"index":3,
      "item":"item",
      "status":"failed",
      "output":"task out",
      "output_ref":{"driver":"fs","claim":{"path":"t"},"size_bytes":7,"sha256":"ab","preview":"pre"},
      "error":{"type":"AgentFailed","message":"boom","retryable":true},
      "attempts":2,
      "launched_at":"2026-01-01T00:00:00Z",
      "completed_at":"2026-01-01T00:00:01Z",
      "request_digest":"d1",
      "reused_from":"wf-old",
      "usage":{"input_tokens":1,"output_tokens":2,"cached_tokens":3,"cost_usd":0.5},
      "failures":[{"attempt":1,"type":"AgentFailed","message":"first"}]}"""
          .replace("\n", "");

  private static final String STEP_JSON =
      """
      {"id":"fix",
      "kind":"fan_out",
      "agent":"claude",
      "status":"running",
      "level":1,
      "attempts":4,
      "launched_at":"2026-01-01T00:00:00Z",
      "completed_at":"2026-01-01T00:00:02Z",
      "output":"out",
      "output_ref":{"driver":"fs","claim":{"path":"s"},"size_bytes":9,"sha256":"cd","preview":"p"},
      "join":{"mode":"all","branches":["a","b"]},
      "error":{"type":"Timeout","message":"slow","retryable":false},
      "reason":"timeout",
      "task_counts":{"total":6,"pending":1,"running":1,"succeeded":2,"failed":1,"cancelled":1},
      "tasks":[%s],
      "shards":[{"workflow_id":"wf-s1","first":0,"count":6,"status":"running",\
      "counts":{"total":6,"pending":1,"running":1,"succeeded":2,"failed":1,"cancelled":1}}],
      "request_digest":"d2",
      "reused_from":"wf-old",
      "reused_tasks":5,
      "usage":{"input_tokens":10,"output_tokens":20,"cached_tokens":30,"cost_usd":1.25},
      "failures":[{"attempt":2,"type":"RateLimited","message":"later"}],
      "live":{"state":"retrying","attempt":3,"max_attempts":5,\
      "last_failure":{"attempt":2,"type":"RateLimited","message":"later"},"bytes_out":42,\
      "last_line":"line","queued_tasks":1,"retrying_tasks":2,"task_queue":"q","warning":"w"},
      "waiting":[{"task":3,"kind":"approval","prompt":"ok?","since":"2026-01-01T00:00:03Z",\
      "accepts":["yes"]}]}"""
          .replace("\n", "")
          .formatted(TASK_JSON);

  /** Every component set, each to a value no other has, so a swapped pair would show. */
  static TaskRecord fullTask() {
    return TaskRecord.builder(3, StepStatus.FAILED)
        .item(TextNode.valueOf("item"))
        .output("task out")
        .outputRef(new OutputRef("fs", Map.of("path", "t"), 7, "ab", "pre"))
        .error(new ErrorInfo("AgentFailed", "boom", true))
        .attempts(2)
        .launchedAt("2026-01-01T00:00:00Z")
        .completedAt("2026-01-01T00:00:01Z")
        .requestDigest("d1")
        .reusedFrom("wf-old")
        .usage(new Usage(1, 2, 3, 0.5))
        .failures(List.of(new FailedAttempt(1, "AgentFailed", "first")))
        .build();
  }

  static StepRecord fullStep() {
    TaskCounts counts = new TaskCounts(6, 1, 1, 2, 1, 1);
    FailedAttempt later = new FailedAttempt(2, "RateLimited", "later");
    return StepRecord.builder("fix", "fan_out", StepStatus.RUNNING)
        .agent("claude")
        .level(1)
        .attempts(4)
        .launchedAt("2026-01-01T00:00:00Z")
        .completedAt("2026-01-01T00:00:02Z")
        .output("out")
        .outputRef(new OutputRef("fs", Map.of("path", "s"), 9, "cd", "p"))
        .join(new JoinRecord("all", List.of("a", "b")))
        .error(new ErrorInfo("Timeout", "slow", false))
        .reason("timeout")
        .taskCounts(counts)
        .tasks(List.of(fullTask()))
        .shards(List.of(new ShardRecord("wf-s1", 0, 6, "running", counts)))
        .requestDigest("d2")
        .reusedFrom("wf-old")
        .reusedTasks(5)
        .usage(new Usage(10, 20, 30, 1.25))
        .failures(List.of(later))
        .live(new LiveAttempt("retrying", 3, 5, later, 42L, "line", 1, 2, "q", "w"))
        .waiting(
            List.of(
                new GateRecord(3, "approval", "ok?", "2026-01-01T00:00:03Z", null, List.of("yes"))))
        .build();
  }

  @Test
  void fullRecordsKeepTheirJsonAndReadBack() {
    StepRecord step = fullStep();
    TaskRecord task = fullTask();

    assertThat(HistoryJson.of(step)).isEqualTo(STEP_JSON);
    assertThat(HistoryJson.of(task)).isEqualTo(TASK_JSON);
    assertThat(HistoryJson.readBack(step, StepRecord.class)).isEqualTo(step);
    assertThat(HistoryJson.readBack(task, TaskRecord.class)).isEqualTo(task);
    assertThat(step.toBuilder().build()).isEqualTo(step);
    assertThat(task.toBuilder().build()).isEqualTo(task);
  }

  /** Which null components are written (and which left out) is part of the shape too. */
  @Test
  void emptyRecordsWriteTheirAlwaysPresentFieldsAsNull() {
    assertThat(HistoryJson.of(StepRecord.builder("s", "agent", StepStatus.PENDING).build()))
        .isEqualTo(
            "{\"id\":\"s\",\"kind\":\"agent\",\"agent\":null,\"status\":\"pending\",\"level\":0,"
                + "\"attempts\":0,\"launched_at\":null,\"completed_at\":null,\"output\":null,"
                + "\"error\":null}");
    assertThat(HistoryJson.of(TaskRecord.builder(0, StepStatus.PENDING).build()))
        .isEqualTo(
            "{\"index\":0,\"status\":\"pending\",\"output\":null,\"error\":null,\"attempts\":0,"
                + "\"launched_at\":null,\"completed_at\":null}");
  }

  /** The copies clients make keep every other component. */
  @Test
  void withOutputDropsTheStoredReferenceAndKeepsTheRest() {
    StepRecord step = fullStep();
    StepRecord resolved = step.withOutput("text");

    assertThat(resolved.output()).isEqualTo("text");
    assertThat(resolved.outputRef()).isNull();
    assertThat(resolved.join()).isNull();
    assertThat(
            resolved.toBuilder()
                .output("out")
                .outputRef(step.outputRef())
                .join(step.join())
                .build())
        .isEqualTo(step);
    assertThat(step.withLive(null).live()).isNull();
    assertThat(step.withLive(null).toBuilder().live(step.live()).build()).isEqualTo(step);
    assertThat(step.withTasks(null).toBuilder().tasks(step.tasks()).build()).isEqualTo(step);
    assertThat(step.withCounts(null).toBuilder().taskCounts(step.taskCounts()).build())
        .isEqualTo(step);

    TaskRecord task = fullTask().withOutput(null);
    assertThat(task.toBuilder().output("task out").outputRef(fullTask().outputRef()).build())
        .isEqualTo(fullTask());
  }
}
