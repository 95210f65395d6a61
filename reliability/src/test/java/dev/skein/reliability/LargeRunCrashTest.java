package dev.skein.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.parse.PipelineDocument;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.TaskRecord;
import dev.skein.storage.Storage;
import dev.skein.testkit.TemporalServer;
import dev.skein.testkit.Tier;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sizes through a crash: a fan-out of 1,500 tasks (in child workflows) whose outputs of 20 KB
 * each live in a store the workers share. Every worker is killed with SIGKILL midway and new ones
 * start; the run completes, and every task's output comes back in full through the client.
 */
class LargeRunCrashTest {

  private static final String QUEUE = "reliability-large";
  private static final int TASKS = 1500;
  private static final int OUTPUT = 20_000;

  @TempDir Path dir;

  private static String pipeline() {
    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i < TASKS; i++) {
      items.append(i == 0 ? "" : ",").append(i);
    }
    return """
        name: large-crash
        inputs: {items: %s]}
        defaults: {max_concurrency: 24, task_queue: %s, heartbeat_timeout: 5s}
        agents:
          big:
            kind: command
            command: [sh, -c, 'sleep 0.1; yes "task-$0" | head -c %d', "{{ item }}"]
        steps:
          - {id: fan, for_each: "{{ inputs.items }}", agent: big, prompt: x}
        """
        .formatted(items, QUEUE, OUTPUT);
  }

  private static String expected(int index) {
    String unit = "task-" + index + "\n";
    return unit.repeat(OUTPUT / unit.length() + 1).substring(0, OUTPUT);
  }

  @Test
  void everyOutputSurvivesKillingEveryWorkerMidFanOut() throws Exception {
    Path store = dir.resolve("store");
    Map<String, String> env = Map.of("SKEIN_STORAGE_DIR", store.toString());
    List<ChildJvm> workers = new ArrayList<>();
    Storage storage = Storage.fileSystem(store);
    try (TemporalServer server = TemporalServer.builder().name("large-crash").start()) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
      try {
        WorkflowClient workflows =
            WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                    .setExternalStorage(storage.externalStorage())
                    .build());
        SkeinClient client = SkeinClient.of(workflows, server.address(), Optional.of(storage));
        workers.add(worker(server, "large-1", env));
        workers.add(worker(server, "large-2", env));
        RunHandle run =
            client.start(
                PipelineDocument.parse(pipeline(), "large-crash.yaml"),
                Map.of(),
                StartOptions.defaults().withWorkflowId("large-crash").withTaskQueue(QUEUE));

        Poll.until(
            "a third of the tasks done",
            Duration.ofSeconds(180),
            () -> doneTasks(run) >= TASKS / 3,
            () -> String.valueOf(run.progress()));
        int doneAtKill = doneTasks(run);
        workers.forEach(ChildJvm::kill);
        workers.add(worker(server, "large-3", env));
        workers.add(worker(server, "large-4", env));
        RunResult result = Runs.result(run, Duration.ofSeconds(300));
        System.out.printf(
            "[reliability] large-crash: %d of %d tasks done at the kill%n", doneAtKill, TASKS);

        assertThat(result.status())
            .as(String.valueOf(result.error()))
            .isEqualTo(RunStatus.SUCCEEDED);
        StepRecord fan = result.steps().get(0);
        assertThat(fan.tasks()).hasSize(TASKS);
        for (TaskRecord task : fan.tasks()) {
          assertThat(task.output()).as("task %d", task.index()).isEqualTo(expected(task.index()));
        }
      } finally {
        workers.forEach(ChildJvm::close);
        stubs.shutdownNow();
      }
    }
  }

  private static int doneTasks(RunHandle run) {
    try {
      StepRecord fan = run.progress().steps().get(0);
      return fan.taskCounts() == null ? 0 : fan.taskCounts().succeeded();
    } catch (RuntimeException notYet) {
      return 0;
    }
  }

  private static ChildJvm worker(TemporalServer server, String name, Map<String, String> env) {
    return TierService.startWorker(Tier.REAL_SERVER, server.address(), name, QUEUE, env);
  }
}
