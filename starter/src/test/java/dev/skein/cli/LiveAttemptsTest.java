package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.dev.EmbeddedTemporal;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.PipelineInput;
import dev.skein.model.Defaults;
import dev.skein.run.FailedAttempt;
import dev.skein.run.LiveAttempt;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testkit.Tier;
import dev.skein.worker.WorkerSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@code status} and {@code watch} say of a step while it runs, from the service's pending
 * activities: queued until a worker starts it (with a warning where the service can say nobody
 * polls its queue), its attempt, the last failure and the agent's progress while it is retried.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class LiveAttemptsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Parameter Tier tier;

  @TempDir Path dir;

  private RunHandle start(SkeinClient client, String id, String yaml) throws Exception {
    return start(SharedService.get(tier).workflowClient(), client, id, yaml);
  }

  private static RunHandle start(
      WorkflowClient workflows, SkeinClient client, String id, String yaml) throws Exception {
    AgentPipeline run =
        workflows.newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(Defaults.DEFAULT_TASK_QUEUE)
                .setWorkflowId(id)
                .build());
    WorkflowClient.start(run::run, new PipelineInput(YAML.readTree(yaml), Map.of()));
    return client.attach(id);
  }

  /** The run as {@code status} sees it, once {@code ready} holds (it waits for the service). */
  private static RunResult once(SkeinClient client, RunHandle run, Predicate<StepRecord> ready)
      throws Exception {
    long giveUp = System.currentTimeMillis() + 30_000;
    while (true) {
      RunResult r = null;
      try {
        r = client.withLiveCalls(run, run.progress());
      } catch (RuntimeException noWorkerYet) {
        // the workflow's first task has not run yet
      }
      if (r != null && ready.test(r.steps().get(0))) {
        return r;
      }
      if (System.currentTimeMillis() > giveUp) {
        throw new AssertionError("never ready: " + (r == null ? null : Format.json(r)));
      }
      Thread.sleep(200);
    }
  }

  /** What a command writes, readable while it runs. */
  private static final class Output {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
  }

  /**
   * Runs {@code skein ARGS} in this JVM (a child JVM per command would cost seconds each): its
   * standard output and error go to {@code output} meanwhile.
   */
  private static synchronized Cli.Result inProcess(Output output, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(new PrintStream(output.out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(output.err, true, StandardCharsets.UTF_8));
    try {
      int exit = SkeinMain.execute(args);
      return new Cli.Result(
          exit,
          output.out.toString(StandardCharsets.UTF_8),
          output.err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void aStepNoWorkerHasStartedIsQueuedAndTheEmptyQueueIsNamed() throws Exception {
    if (tier == Tier.IN_MEMORY) {
      // The embedded service of `skein run` cannot say who polls a queue: the client knows which
      // queues its own worker serves.
      try (EmbeddedTemporal embedded =
          EmbeddedTemporal.start(
              WorkerSettings.defaults()
                  .withTaskQueues(List.of(Defaults.DEFAULT_TASK_QUEUE))
                  .withShutdownGrace(Duration.ZERO))) {
        queued(embedded.workflowClient(), embedded.skeinClient(), false);
      }
    } else {
      try (SkeinClient client = SharedService.get(tier).connect()) {
        queued(SharedService.get(tier).workflowClient(), client, true);
      }
    }
  }

  private void queued(WorkflowClient workflows, SkeinClient client, boolean cli) throws Exception {
    String queue = "nobody-" + UUID.randomUUID();
    String id = "queued-" + UUID.randomUUID();
    RunHandle run =
        start(
            workflows,
            client,
            id,
            """
            name: stranded
            steps:
              - id: gpu
                agent: echo
                prompt: hi
                task_queue: QUEUE
            """
                .replace("QUEUE", queue));
    try {
      RunResult r = once(client, run, s -> s.live() != null);

      LiveAttempt live = r.steps().get(0).live();
      assertThat(live.state()).isEqualTo(LiveAttempt.QUEUED);
      assertThat(live.taskQueue()).isEqualTo(queue);
      assertThat(live.warning()).isEqualTo("no worker polls task queue '" + queue + "'");
      assertThat(StatusTable.rows(r, Instant.now(), false).get(1))
          .contains("queued")
          .contains("no worker polls task queue");
      if (cli) {
        Cli.Result status =
            inProcess(new Output(), "status", "--address", SharedService.get(tier).address(), id);
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("gpu").contains("queued");
        assertThat(status.err())
            .contains("no worker polls task queue '" + queue + "'")
            .contains("skein worker");
      }
    } finally {
      run.cancel();
    }
  }

  @Test
  void aRetriedStepShowsItsAttemptLastFailureAndProgressLive() throws Exception {
    Path script = dir.resolve("flaky.sh");
    Path count = dir.resolve("count");
    Path release = dir.resolve("release");
    // Attempt 1 fails; attempt 2 prints a line and works until the test releases it.
    Files.writeString(
        script,
        """
        n=$(cat "$1" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$1"
        if [ $n = 1 ]; then echo "broken on try 1" >&2; exit 3; fi
        echo "working on try $n"
        while [ ! -f "$2" ]; do sleep 0.1; done
        echo "done"
        """);
    String id = "retrying-" + UUID.randomUUID();
    try (SkeinClient client = SharedService.get(tier).connect()) {
      RunHandle run =
          start(
              client,
              id,
              """
              name: flaky
              agents:
                flaky: {kind: command, command: [sh, SCRIPT, COUNT, RELEASE]}
              steps:
                - id: fix
                  agent: flaky
                  prompt: go
                  retry: {max_attempts: 3, initial_interval: 100ms}
              """
                  .replace("SCRIPT", script.toString())
                  .replace("COUNT", count.toString())
                  .replace("RELEASE", release.toString()));
      // The retrying line is the command's own work, the same on both tiers: watch on one.
      boolean watching = tier == Tier.IN_MEMORY;
      Output output = new Output();
      CompletableFuture<Cli.Result> watch =
          !watching
              ? null
              : CompletableFuture.supplyAsync(
                  () ->
                      inProcess(
                          output,
                          "watch",
                          "--plain",
                          "--address",
                          SharedService.get(tier).address(),
                          id));
      try {
        RunResult r =
            once(
                client,
                run,
                s -> s.live() != null && "working on try 2".equals(s.live().lastLine()));

        LiveAttempt live = r.steps().get(0).live();
        assertThat(live.state()).isEqualTo(LiveAttempt.RUNNING);
        assertThat(live.attempt()).isEqualTo(2);
        assertThat(live.maxAttempts()).isEqualTo(3);
        assertThat(live.lastFailure().attempt()).isEqualTo(1);
        assertThat(live.lastFailure().message()).contains("broken on try 1");
        assertThat(live.bytesOut()).isPositive();
        String row = StatusTable.rows(r, Instant.now(), false).get(1);
        assertThat(row)
            .contains("2/3")
            .contains("attempt 1 failed")
            .contains("broken on try 1")
            .contains("working on try 2");
        // watch reads the state every 2 s without the table: wait until it has reported it.
        long giveUp = System.currentTimeMillis() + 30_000;
        while (watching
            && !output.out.toString(StandardCharsets.UTF_8).contains("retrying")
            && System.currentTimeMillis() < giveUp) {
          Thread.sleep(200);
        }
      } finally {
        Files.writeString(release, "");
      }
      if (watching) {
        Cli.Result watched = watch.get(60, TimeUnit.SECONDS);
        assertThat(watched.exit()).as(watched.toString()).isZero();
        assertThat(watched.out())
            .contains("fix")
            .contains("retrying  attempt 2/3 after attempt 1 failed")
            .contains("broken on try 1");
      }

      RunResult result = run.result();
      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(result.steps().get(0).live()).isNull();
      assertThat(result.steps().get(0).failures())
          .extracting(FailedAttempt::attempt)
          .containsExactly(1);
    }
  }
}
