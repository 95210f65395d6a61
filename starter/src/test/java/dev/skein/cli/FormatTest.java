package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskCounts;
import dev.skein.run.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs, durations, the status table and the Gantt chart, from fixed run results. */
class FormatTest {

  private static final String T0 = "2026-01-01T10:00:00Z";

  private static StepRecord step(
      String id, StepStatus status, int level, String launched, String completed) {
    return StepRecord.builder(id, "agent", status)
        .agent("echo")
        .level(level)
        .attempts(1)
        .launchedAt(launched)
        .completedAt(completed)
        .output("out")
        .build();
  }

  /** The summary of a run whose second step failed after three attempts. */
  private static String failedRunSummary(boolean liveTable) {
    StepRecord failed =
        StepRecord.builder("write", "agent", StepStatus.FAILED)
            .agent("echo")
            .level(1)
            .attempts(3)
            .launchedAt(T0)
            .completedAt(T0)
            .error(new dev.skein.run.ErrorInfo("CommandFailed", "exit 2: no such file", true))
            .build();
    RunResult r =
        new RunResult(
            "demo-1a2b",
            "r1",
            "demo",
            RunStatus.FAILED,
            T0,
            T0,
            new dev.skein.run.ErrorInfo("StepFailed", "step 'write' failed", false),
            List.of(step("plan", StepStatus.SUCCEEDED, 0, T0, T0), failed));
    var buffer = new java.io.ByteArrayOutputStream();
    Summary.print(r, new java.io.PrintStream(buffer, true), liveTable);
    return buffer.toString();
  }

  private static RunResult run(List<StepRecord> steps) {
    return new RunResult("demo-1a2b", "r1", "demo", RunStatus.RUNNING, T0, null, null, steps);
  }

  @Test
  void inputValuesAreJsonWhenTheyParseAndTextOtherwise(@TempDir Path dir) throws Exception {
    assertThat(Inputs.value("3").isInt()).isTrue();
    assertThat(Inputs.value("[1,2]").isArray()).isTrue();
    assertThat(Inputs.value("true").isBoolean()).isTrue();
    assertThat(Inputs.value("hello world")).isEqualTo(TextNode.valueOf("hello world"));
    assertThat(Inputs.value("")).isEqualTo(TextNode.valueOf(""));
    Path file = dir.resolve("in.json");
    Files.writeString(file, "{\"a\": 1, \"b\": \"x\"}");
    var inputs = Inputs.of(file, List.of("b=y", "c={\"k\":2}"));
    assertThat(inputs.get("a").asInt()).isEqualTo(1);
    assertThat(inputs.get("b").asText()).isEqualTo("y");
    assertThat(inputs.get("c").path("k").asInt()).isEqualTo(2);
    assertThatThrownBy(() -> Inputs.of(null, List.of("novalue")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("key=value");
  }

  @Test
  void durationsAreShortAndReadable() {
    assertThat(Format.duration(Duration.ofMillis(400))).isEqualTo("0.4s");
    assertThat(Format.duration(Duration.ofSeconds(185))).isEqualTo("3m05s");
    assertThat(Format.duration(Duration.ofMinutes(62))).isEqualTo("1h02m");
  }

  @Test
  void theTableCountsFanOutTasksInTheProgressBar() {
    TaskRecord done =
        TaskRecord.builder(0, StepStatus.SUCCEEDED)
            .item(TextNode.valueOf("x"))
            .output("o")
            .attempts(1)
            .launchedAt(T0)
            .completedAt(T0)
            .build();
    TaskRecord pending =
        TaskRecord.builder(1, StepStatus.PENDING).item(TextNode.valueOf("y")).build();
    StepRecord fan =
        StepRecord.builder("fan", "fan_out", StepStatus.RUNNING)
            .agent("echo")
            .attempts(1)
            .launchedAt(T0)
            .taskCounts(new TaskCounts(2, 1, 0, 1, 0, 0))
            .tasks(List.of(done, pending))
            .build();
    RunResult r = run(List.of(step("a", StepStatus.SUCCEEDED, 0, T0, "2026-01-01T10:00:02Z"), fan));
    // The lean progress form has the counts but no task list: the table reads the counts.
    RunResult lean = run(List.of(r.steps().get(0), fan.withTasks(null)));
    assertThat(StatusTable.header(lean, Instant.parse("2026-01-01T10:00:05Z"))).contains("2/3");
    assertThat(StatusTable.rows(lean, Instant.parse("2026-01-01T10:00:05Z"), false).get(2))
        .contains("running 1/2");

    String header = StatusTable.header(r, Instant.parse("2026-01-01T10:00:05Z"));
    List<String> rows = StatusTable.rows(r, Instant.parse("2026-01-01T10:00:05Z"), false);

    assertThat(header).contains("demo-1a2b").contains("2/3").contains("5.0s");
    assertThat(rows.get(1)).contains("a").contains("succeeded").contains("2.0s");
    assertThat(rows.get(2)).contains("running 1/2");
  }

  @Test
  void theGanttChartHasABarPerLaunchedStepOrTaskInLevelSections() {
    RunResult r =
        run(
            List.of(
                step("plan", StepStatus.SUCCEEDED, 0, T0, "2026-01-01T10:00:01Z"),
                step("left", StepStatus.FAILED, 1, "2026-01-01T10:00:01Z", "2026-01-01T10:00:03Z"),
                step("right", StepStatus.RUNNING, 1, "2026-01-01T10:00:01Z", null),
                step("later", StepStatus.PENDING, 2, null, null)));

    String gantt = Timeline.gantt(r, Instant.parse("2026-01-01T10:00:04Z"));

    long t0 = Instant.parse(T0).toEpochMilli();
    assertThat(gantt)
        .startsWith("gantt\n")
        .contains("dateFormat x")
        .contains("section level 0\n    plan (succeeded) :done, " + t0 + ", " + (t0 + 1000))
        .contains("left (failed) :crit, done, " + (t0 + 1000) + ", " + (t0 + 3000))
        .contains("right (running) :active, " + (t0 + 1000) + ", " + (t0 + 4000))
        .doesNotContain("later")
        .doesNotContain("section level 2");
  }

  @Test
  void anUnexpandedFanOutIsUnknownInTheTotalNotOneStep() {
    StepRecord fan =
        StepRecord.builder("fan", "fan_out", StepStatus.PENDING).agent("echo").level(1).build();
    RunResult before =
        run(
            List.of(
                step("a", StepStatus.RUNNING, 0, T0, null),
                step("b", StepStatus.PENDING, 2, null, null),
                fan));
    assertThat(StatusTable.header(before, Instant.parse(T0))).contains(" 0/2+? ");

    RunResult expanded =
        run(
            List.of(
                step("a", StepStatus.SUCCEEDED, 0, T0, T0),
                step("b", StepStatus.PENDING, 2, null, null),
                fan.withCounts(new TaskCounts(8, 8, 0, 0, 0, 0))));
    assertThat(StatusTable.header(expanded, Instant.parse(T0))).contains(" 1/10 ");

    // A fan-out skipped before it expanded is one finished step.
    StepRecord skipped =
        fan.toBuilder().status(StepStatus.SKIPPED).reason("condition_false").build();
    RunResult ended = run(List.of(step("a", StepStatus.SUCCEEDED, 0, T0, T0), skipped));
    assertThat(StatusTable.header(ended, Instant.parse(T0))).contains(" 2/2 ");
  }

  @Test
  void aReasonIsShownUnlessItOnlyRepeatsTheStatus() {
    StepRecord plain = withReason(StepStatus.CANCELLED, "cancelled");
    StepRecord budget = withReason(StepStatus.CANCELLED, "budget_exhausted");

    assertThat(Format.status(plain)).isEqualTo("cancelled");
    assertThat(Format.status(budget)).isEqualTo("cancelled (budget_exhausted)");
  }

  private static StepRecord withReason(StepStatus status, String reason) {
    return StepRecord.builder("nap", "agent", status)
        .agent("echo")
        .attempts(1)
        .launchedAt(T0)
        .completedAt(T0)
        .reason(reason)
        .build();
  }

  @Test
  void theGanttChartDoesNotDrawACancelledStepAsDone() {
    RunResult r =
        run(
            List.of(
                step("slow", StepStatus.CANCELLED, 0, T0, "2026-01-01T10:00:02Z"),
                step("fast", StepStatus.SUCCEEDED, 0, T0, "2026-01-01T10:00:01Z")));

    String gantt = Timeline.gantt(r, Instant.parse("2026-01-01T10:00:04Z"));

    long t0 = Instant.parse(T0).toEpochMilli();
    assertThat(gantt)
        .contains("slow (cancelled) :" + t0 + ", " + (t0 + 2000))
        .contains("fast (succeeded) :done, ");
  }

  @Test
  void aFailedRunsSummaryEndsWithTheFailureNotAnEarlierOutput() {
    String text = failedRunSummary(true);

    assertThat(text).doesNotContain("── plan ──").contains("── write failed ──");
    List<String> lines = text.strip().lines().toList();
    assertThat(lines.get(lines.size() - 1)).startsWith("run failed in");
    assertThat(lines.get(lines.size() - 3)).isEqualTo("error: StepFailed: step 'write' failed");
    assertThat(text.indexOf("CommandFailed: exit 2: no such file"))
        .isGreaterThan(0)
        .isLessThan(text.indexOf("error: StepFailed"));
  }

  @Test
  void withoutTheLiveTableTheSummaryStatesEachFailureOnceAndEndsWithIt() {
    String text = failedRunSummary(false);

    assertThat(text).doesNotContain("── plan ──").doesNotContain("out\n");
    assertThat(text.split("exit 2: no such file", -1)).hasSize(2);
    List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines.get(lines.size() - 1)).startsWith("run failed in");
    assertThat(lines.get(lines.size() - 2)).contains("write: CommandFailed: exit 2: no such file");
  }

  @Test
  void theStatusTableShowsLiveStateAndKeptFailures() {
    dev.skein.run.LiveAttempt live =
        new dev.skein.run.LiveAttempt(
            "retrying",
            2,
            3,
            new dev.skein.run.FailedAttempt(1, "AgentFailed", "exit 3"),
            2048L,
            "compiling core",
            null,
            null,
            "skein",
            null);
    StepRecord fix = step("fix", StepStatus.RUNNING, 0, T0, null).withLive(live);
    StepRecord done =
        StepRecord.builder("done", "agent", StepStatus.SUCCEEDED)
            .agent("echo")
            .attempts(2)
            .launchedAt(T0)
            .completedAt(T0)
            .output("ok")
            .failures(List.of(new dev.skein.run.FailedAttempt(1, "AgentFailed", "flaky")))
            .build();

    String table = StatusTable.render(run(List.of(fix, done)), Instant.parse(T0));

    List<String> lines = table.lines().toList();
    assertThat(lines.get(1)).contains("DETAIL");
    assertThat(lines.get(2))
        .contains("retrying")
        .contains("2/3")
        .contains("attempt 1 failed: AgentFailed: exit 3")
        .contains("2.0 KB · compiling core");
    assertThat(table).contains("done: 1 failed attempt, the last: attempt 1: AgentFailed: flaky");
  }
}
