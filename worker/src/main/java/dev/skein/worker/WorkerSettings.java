package dev.skein.worker;

import dev.skein.model.Defaults;
import dev.skein.storage.Storage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a worker process polls and stops.
 *
 * @param taskQueues queues to poll; each gets the workflow and the agent activities
 * @param maxConcurrentActivities agent activities (often subprocesses) run at once per queue
 * @param maxConcurrentWorkflowTasks workflow tasks run at once per queue
 * @param shutdownGrace how long running activities may take to finish after SIGTERM before they are
 *     cancelled
 * @param agentEnv the environment agents see (passed to the agent activities), usually the process
 *     environment
 * @param storage where agents write outputs too large for history; the worker's client must be
 *     built with the same storage, so the SDK's references name the same driver
 */
public record WorkerSettings(
    List<String> taskQueues,
    int maxConcurrentActivities,
    int maxConcurrentWorkflowTasks,
    Duration shutdownGrace,
    Map<String, String> agentEnv,
    Optional<Storage> storage) {

  public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 32;
  public static final int DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS = 16;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public WorkerSettings {
    if (taskQueues.isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one task queue");
    }
    if (maxConcurrentActivities < 1 || maxConcurrentWorkflowTasks < 1) {
      throw new IllegalArgumentException("concurrency limits must be at least 1");
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("the shutdown grace period cannot be negative");
    }
    taskQueues = List.copyOf(taskQueues.stream().distinct().toList());
    agentEnv = Map.copyOf(agentEnv);
    storage = storage == null ? Optional.empty() : storage;
  }

  /** The default queue {@code skein}, default limits and the process environment. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(
        List.of(Defaults.DEFAULT_TASK_QUEUE),
        DEFAULT_MAX_CONCURRENT_ACTIVITIES,
        DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS,
        DEFAULT_SHUTDOWN_GRACE,
        System.getenv(),
        Optional.empty());
  }

  public WorkerSettings withTaskQueues(List<String> queues) {
    return new WorkerSettings(
        queues,
        maxConcurrentActivities,
        maxConcurrentWorkflowTasks,
        shutdownGrace,
        agentEnv,
        storage);
  }

  public WorkerSettings withMaxConcurrentActivities(int max) {
    return new WorkerSettings(
        taskQueues, max, maxConcurrentWorkflowTasks, shutdownGrace, agentEnv, storage);
  }

  public WorkerSettings withMaxConcurrentWorkflowTasks(int max) {
    return new WorkerSettings(
        taskQueues, maxConcurrentActivities, max, shutdownGrace, agentEnv, storage);
  }

  public WorkerSettings withShutdownGrace(Duration grace) {
    return new WorkerSettings(
        taskQueues, maxConcurrentActivities, maxConcurrentWorkflowTasks, grace, agentEnv, storage);
  }

  public WorkerSettings withStorage(Optional<Storage> store) {
    return new WorkerSettings(
        taskQueues,
        maxConcurrentActivities,
        maxConcurrentWorkflowTasks,
        shutdownGrace,
        agentEnv,
        store);
  }
}
