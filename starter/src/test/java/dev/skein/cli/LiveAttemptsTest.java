package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
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
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
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
    WorkflowClient workflows = SharedService.get(tier).workflowClient();
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

  @Test
  void aStepNoWorkerHasStartedIsQueuedAndTheEmptyQueueIsNamed() throws Exception {
    String queue = "nobody-" + UUID.randomUUID();
    String id = "queued-" + UUID.randomUUID();
    try (SkeinClient client = SharedService.get(tier).connect()) {
      RunHandle run =
          start(
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
        assertThat(StatusTable.rows(r, java.time.Instant.now(), false).get(1)).contains("queued");

        Cli.Result status =
            Cli.run(dir, "status", "--address", SharedService.get(tier).address(), id);
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("gpu").contains("queued");
        if (tier == Tier.REAL_SERVER) {
          // Only a real server says who polls a queue (DescribeTaskQueue).
          assertThat(live.warning()).isEqualTo("no worker polls task queue '" + queue + "'");
          assertThat(status.err())
              .contains("no worker polls task queue '" + queue + "'")
              .contains("skein worker");
        }
      } finally {
        run.cancel();
      }
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
      Path out = dir.resolve("watch.out");
      Path err = dir.resolve("watch.err");
      Process watch =
          Cli.start(
              dir,
              out,
              err,
              Map.of(),
              "watch",
              "--plain",
              "--address",
              SharedService.get(tier).address(),
              id);
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
        String row = StatusTable.rows(r, java.time.Instant.now(), false).get(1);
        assertThat(row)
            .contains("2/3")
            .contains("attempt 1 failed")
            .contains("broken on try 1")
            .contains("working on try 2");
        // watch reads the state every 2 s without the table: wait until it has reported it.
        long giveUp = System.currentTimeMillis() + 30_000;
        while (!Files.readString(out).contains("retrying") && System.currentTimeMillis() < giveUp) {
          Thread.sleep(200);
        }
      } finally {
        Files.writeString(release, "");
      }
      assertThat(watch.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      String watched = Files.readString(out);
      assertThat(watch.exitValue()).as(watched + Files.readString(err)).isZero();
      assertThat(watched)
          .contains("fix")
          .contains("retrying  attempt 2/3 after attempt 1 failed")
          .contains("broken on try 1");

      RunResult result = run.result();
      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(result.steps().get(0).live()).isNull();
      assertThat(result.steps().get(0).failures())
          .extracting(FailedAttempt::attempt)
          .containsExactly(1);
    }
  }
}
