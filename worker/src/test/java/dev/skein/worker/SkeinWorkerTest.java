package dev.skein.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's two-stage shutdown against Temporal's in-memory service, with a stand-in activity
 * whose end the test can observe.
 */
class SkeinWorkerTest {

  @WorkflowInterface
  public interface Waiting {
    @WorkflowMethod
    String run(long activityMillis);
  }

  @ActivityInterface
  public interface Work {
    String work(long millis);
  }

  public static class WaitingImpl implements Waiting {
    @Override
    public String run(long activityMillis) {
      Work work =
          Workflow.newActivityStub(
              Work.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(1))
                  .setHeartbeatTimeout(Duration.ofSeconds(5))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      return work.work(activityMillis);
    }
  }

  /** Heartbeats every 50 ms until done; records how it ended. */
  static final class RecordingWork implements Work {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch ended = new CountDownLatch(1);
    final AtomicReference<String> outcome = new AtomicReference<>();

    @Override
    public String work(long millis) {
      ActivityExecutionContext context = Activity.getExecutionContext();
      started.countDown();
      long end = System.currentTimeMillis() + millis;
      try {
        while (System.currentTimeMillis() < end) {
          context.heartbeat(null);
          Thread.sleep(50);
        }
        outcome.set("finished");
        return "done";
      } catch (ActivityCompletionException e) {
        outcome.set("stopped: " + e.getClass().getSimpleName());
        throw e;
      } catch (InterruptedException e) {
        outcome.set("stopped: interrupted");
        throw Activity.wrap(e);
      } finally {
        ended.countDown();
      }
    }
  }

  private TestServer.InProcessTestServer server;
  private WorkflowServiceStubs service;
  private WorkflowClient client;

  @BeforeEach
  void startService() {
    server = TestServer.createServer(true);
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setChannel(server.getChannel())
                .setTarget(null)
                .validateAndBuildWithDefaults());
    client = WorkflowClient.newInstance(service);
  }

  @AfterEach
  void stopService() {
    service.shutdownNow();
    server.close();
  }

  private SkeinWorker worker(RecordingWork work, Duration grace) {
    WorkerSettings settings =
        new WorkerSettings(List.of("lifecycle"), 4, 4, grace, Map.of(), Optional.empty());
    return new SkeinWorker(
        client,
        settings,
        (w, s) -> {
          w.registerWorkflowImplementationTypes(WaitingImpl.class);
          w.registerActivitiesImplementations(work);
        });
  }

  private void startRun(long activityMillis) {
    Waiting stub =
        client.newWorkflowStub(
            Waiting.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue("lifecycle")
                .setWorkflowId("w-" + System.nanoTime())
                .build());
    WorkflowClient.start(stub::run, activityMillis);
  }

  @Test
  void aRunningActivityFinishesWithinTheGracePeriod() throws Exception {
    RecordingWork work = new RecordingWork();
    SkeinWorker worker = worker(work, Duration.ofSeconds(20));
    worker.start();
    startRun(1500);
    assertThat(work.started.await(20, TimeUnit.SECONDS)).isTrue();

    boolean clean = worker.shutdown();

    assertThat(clean).isTrue();
    assertThat(work.outcome.get()).isEqualTo("finished");
  }

  @Test
  void anActivityStillRunningAfterTheGracePeriodIsStopped() throws Exception {
    RecordingWork work = new RecordingWork();
    SkeinWorker worker = worker(work, Duration.ofMillis(300));
    worker.start();
    startRun(60_000);
    assertThat(work.started.await(20, TimeUnit.SECONDS)).isTrue();

    boolean clean = worker.shutdown();

    assertThat(clean).isFalse();
    assertThat(work.ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(work.outcome.get()).startsWith("stopped");
  }

  @Test
  void settingsComeFromTheEnvironment() {
    WorkerSettings s =
        WorkerMain.settingsFromEnv(
            Map.of(
                "SKEIN_TASK_QUEUES", "claude-hosts, skein",
                "SKEIN_MAX_CONCURRENT_ACTIVITIES", "3",
                "SKEIN_MAX_CONCURRENT_WORKFLOW_TASKS", "7",
                "SKEIN_SHUTDOWN_GRACE", "2m"));
    assertThat(s.taskQueues()).containsExactly("claude-hosts", "skein");
    assertThat(s.maxConcurrentActivities()).isEqualTo(3);
    assertThat(s.maxConcurrentWorkflowTasks()).isEqualTo(7);
    assertThat(s.shutdownGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(WorkerMain.settingsFromEnv(Map.of()).taskQueues()).containsExactly("skein");
  }

  @Test
  void durationsReadLikeThePipelineLanguage() {
    assertThat(WorkerMain.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(WorkerMain.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(WorkerMain.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(WorkerMain.parseDuration("12")).isEqualTo(Duration.ofSeconds(12));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkerMain.parseDuration("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("soon");
  }
}
