package dev.skein.worker;

import dev.skein.agents.policy.AgentPolicy;
import dev.skein.model.Defaults;
import dev.skein.storage.Storage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a worker process polls and stops, and where its agents keep large outputs.
 *
 * @param taskQueues queues to poll; each gets the workflow and the agent activities
 * @param maxConcurrentActivities agent activities (often subprocesses) run at once per queue
 * @param maxConcurrentWorkflowTasks workflow tasks run at once per queue
 * @param shutdownGrace how long running activities may take to finish after SIGTERM before they are
 *     cancelled
 * @param agentEnv the environment agents see (passed to the agent activities), usually the process
 *     environment
 * @param storage the store the worker's client was built with ({@code
 *     WorkflowClientOptions.Builder.setExternalStorage(storage.externalStorage())}): the agent
 *     activities write outputs above its inline limit there ({@link Storage#outputStore()}). Empty
 *     when storage is off; whoever opened it closes it.
 * @param policy which variables of {@code agentEnv} agents may use and which programs they may run
 *     ({@code --allow-secret}, {@code --allow-command}, {@code --allow-any}, {@code --policy})
 */
public record WorkerSettings(
    List<String> taskQueues,
    int maxConcurrentActivities,
    int maxConcurrentWorkflowTasks,
    Duration shutdownGrace,
    Map<String, String> agentEnv,
    Optional<Storage> storage,
    AgentPolicy policy) {

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
  }

  /** Under the default policy: no secret granted, any program. */
  public WorkerSettings(
      List<String> taskQueues,
      int maxConcurrentActivities,
      int maxConcurrentWorkflowTasks,
      Duration shutdownGrace,
      Map<String, String> agentEnv,
      Optional<Storage> storage) {
    this(
        taskQueues,
        maxConcurrentActivities,
        maxConcurrentWorkflowTasks,
        shutdownGrace,
        agentEnv,
        storage,
        AgentPolicy.defaults());
  }

  /** Without storage. */
  public WorkerSettings(
      List<String> taskQueues,
      int maxConcurrentActivities,
      int maxConcurrentWorkflowTasks,
      Duration shutdownGrace,
      Map<String, String> agentEnv) {
    this(
        taskQueues,
        maxConcurrentActivities,
        maxConcurrentWorkflowTasks,
        shutdownGrace,
        agentEnv,
        Optional.empty());
  }

  /**
   * The default queue {@code skein}, default limits, the process environment, no storage, the
   * default policy (no secret granted).
   */
  public static WorkerSettings defaults() {
    return new WorkerSettings(
        List.of(Defaults.DEFAULT_TASK_QUEUE),
        DEFAULT_MAX_CONCURRENT_ACTIVITIES,
        DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS,
        DEFAULT_SHUTDOWN_GRACE,
        System.getenv());
  }

  public WorkerSettings withTaskQueues(List<String> queues) {
    return new WorkerSettings(
        queues,
        maxConcurrentActivities,
        maxConcurrentWorkflowTasks,
        shutdownGrace,
        agentEnv,
        storage,
        policy);
  }

  public WorkerSettings withMaxConcurrentActivities(int max) {
    return new WorkerSettings(
        taskQueues, max, maxConcurrentWorkflowTasks, shutdownGrace, agentEnv, storage, policy);
  }

  public WorkerSettings withMaxConcurrentWorkflowTasks(int max) {
    return new WorkerSettings(
        taskQueues, maxConcurrentActivities, max, shutdownGrace, agentEnv, storage, policy);
  }

  public WorkerSettings withShutdownGrace(Duration grace) {
    return new WorkerSettings(
        taskQueues,
        maxConcurrentActivities,
        maxConcurrentWorkflowTasks,
        grace,
        agentEnv,
        storage,
        policy);
  }

  /** The store of the worker's client; see {@link #storage()}. */
  public WorkerSettings withStorage(Optional<Storage> storage) {
    return new WorkerSettings(
        taskQueues,
        maxConcurrentActivities,
        maxConcurrentWorkflowTasks,
        shutdownGrace,
        agentEnv,
        storage,
        policy);
  }

  /** What agents may use and run; see {@link #policy()}. */
  public WorkerSettings withPolicy(AgentPolicy policy) {
    return new WorkerSettings(
        taskQueues,
        maxConcurrentActivities,
        maxConcurrentWorkflowTasks,
        shutdownGrace,
        agentEnv,
        storage,
        policy);
  }
}
