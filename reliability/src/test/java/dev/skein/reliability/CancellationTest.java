package dev.skein.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.cli.SkeinMain;
import dev.skein.client.RunHandle;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.testkit.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cancelling a run stops its agents' whole process trees within the grace period (+2 s), whether
 * the cancel comes from {@code skein cancel} or from the raw Temporal API, and every step record
 * ends {@code cancelled}. Each agent is a shell that forks a long sleep and waits for it: killing
 * only the shell would leave the sleep behind.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class CancellationTest {

  private static TierService service;

  @Parameter Tier tier;

  private static final String QUEUE = "reliability-cancel";
  private static final int AGENTS = 5;
  private static final Duration GRACE = Duration.ofSeconds(2);
  private static final Duration CANCEL_LIMIT = GRACE.plusSeconds(2);

  private static ChildJvm worker;

  @BeforeParameterizedClassInvocation
  static void startWorker(Tier tier) {
    service = TierService.of(tier);
    worker = service.startWorker("cancel-worker", QUEUE, Map.of());
  }

  @AfterParameterizedClassInvocation
  static void stopWorker() {
    if (worker != null) {
      worker.close();
    }
  }

  @Test
  void skeinCancelStopsEveryProcessTreeAndCancelsEveryStep(@TempDir Path dir) {
    cancelAndCheck(
        dir,
        "cancel-cli",
        id ->
            assertThat(SkeinMain.execute("cancel", id, "--address", service.address()))
                .as("skein cancel exit code")
                .isZero());
  }

  @Test
  void temporalApiCancelStopsEveryProcessTreeAndCancelsEveryStep(@TempDir Path dir) {
    cancelAndCheck(dir, "cancel-api", id -> service.client().newUntypedWorkflowStub(id).cancel());
  }

  private static void cancelAndCheck(Path dir, String id, Consumer<String> cancel) {
    RunHandle run = Runs.start(service.client(), pipeline(dir), id, QUEUE);
    List<Path> pidFiles = new ArrayList<>();
    for (String step : stepIds()) {
      pidFiles.add(dir.resolve(step + ".sh"));
      pidFiles.add(dir.resolve(step + ".child"));
    }
    Poll.until(
        AGENTS + " agents and their children to start",
        Duration.ofSeconds(60),
        () -> pidFiles.stream().allMatch(Files::exists),
        () -> "pid files: " + pidFiles.stream().filter(Files::exists).toList());
    List<ProcessHandle> processes = pidFiles.stream().map(ProcessTrees::handle).toList();
    assertThat(processes).allMatch(ProcessTrees::running, "running before the cancel");

    long cancelledAt = System.nanoTime();
    cancel.accept(id);
    Duration allGone =
        Poll.until(
            "every process of the " + AGENTS + " agents' trees to end",
            CANCEL_LIMIT,
            () -> processes.stream().noneMatch(ProcessTrees::running),
            () -> "still running: " + describe(processes));
    RunResult result = Runs.result(run, Duration.ofSeconds(60));
    System.out.printf(
        "[reliability] %s on the %s: %d processes gone %d ms after the cancel; run ended %d ms after it%n",
        id,
        service.tier(),
        processes.size(),
        allGone.toMillis(),
        Duration.ofNanos(System.nanoTime() - cancelledAt).toMillis());

    assertThat(result.status()).as(Runs.statuses(result)).isEqualTo(RunStatus.CANCELLED);
    RunResult progress = run.progress();
    assertThat(progress.steps()).extracting(StepRecord::id).containsExactlyElementsOf(stepIds());
    assertThat(progress.steps())
        .as(Runs.statuses(progress))
        .allSatisfy(step -> assertThat(step.status()).isEqualTo(StepStatus.CANCELLED));
  }

  private static String describe(List<ProcessHandle> processes) {
    return processes.stream()
        .filter(ProcessTrees::running)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .collect(Collectors.joining(", "));
  }

  private static List<String> stepIds() {
    return IntStream.rangeClosed(1, AGENTS).mapToObj(i -> "agent-" + i).toList();
  }

  /**
   * Five agents in one level; each shell records its own pid and its child's (through a rename, so
   * a pid file is never read half-written) and waits on the child.
   */
  private static String pipeline(Path dir) {
    String steps =
        stepIds().stream()
            .map(id -> "  - id: " + id + "\n    prompt: " + id + "\n")
            .collect(Collectors.joining());
    return """
        name: cancellation
        defaults:
          agent: tree
          max_concurrency: %d
          heartbeat_timeout: 5s
          task_queue: %s
        agents:
          tree:
            kind: command
            command:
              - sh
              - -c
              - 'sleep 1000 & echo $! > "$PIDS/$SKEIN_PROMPT.c" && mv "$PIDS/$SKEIN_PROMPT.c" "$PIDS/$SKEIN_PROMPT.child"; echo $$ > "$PIDS/$SKEIN_PROMPT.s" && mv "$PIDS/$SKEIN_PROMPT.s" "$PIDS/$SKEIN_PROMPT.sh"; wait'
            prompt_via: env
            env: {PIDS: "%s"}
            grace_period: %ds
        steps:
        %s"""
        .formatted(AGENTS, QUEUE, dir.toAbsolutePath(), GRACE.toSeconds(), steps);
  }
}
