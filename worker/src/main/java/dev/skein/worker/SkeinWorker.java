package dev.skein.worker;

import dev.skein.agents.AgentActivitiesImpl;
import dev.skein.agents.output.OutputActivitiesImpl;
import dev.skein.engine.PipelineWorkflows;
import dev.skein.storage.OutputStore;
import dev.skein.storage.Storage;
import dev.skein.visibility.SearchAttributeRegistry;
import dev.skein.visibility.SkeinSearchAttributes;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Skein worker: the {@code AgentPipeline} workflow and the agent activities on one or more task
 * queues.
 *
 * <p>Shutdown is in two stages, like a well-behaved container: {@link #shutdown()} stops polling
 * and lets running activities finish for the grace period (they may keep heartbeating), then
 * interrupts the rest, which makes their heartbeats fail so agents stop their subprocesses. The
 * server retries those activities on another worker once their heartbeat times out.
 *
 * <pre>{@code
 * try (SkeinWorker worker = new SkeinWorker(client, WorkerSettings.defaults())) {
 *   worker.start();
 *   ShutdownSignal.await();
 * } // close() shuts down gracefully
 * }</pre>
 */
public final class SkeinWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SkeinWorker.class);

  /** Time left for interrupted activities to clean up (kill process trees) after the grace. */
  private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(15);

  private final WorkerSettings settings;
  private final WorkerFactory factory;

  /** Reports a lost and a regained service; none for an in-process one, which cannot be lost. */
  private ConnectionWatcher watcher;

  /** Registers the Skein workflow and agent activities. */
  public SkeinWorker(WorkflowClient client, WorkerSettings settings) {
    this(client, settings, SkeinWorker::registerSkein);
  }

  /**
   * Registers what {@code registration} says on each queue instead; for tests and for services that
   * add their own activities.
   */
  public SkeinWorker(
      WorkflowClient client,
      WorkerSettings settings,
      BiConsumer<Worker, WorkerSettings> registration) {
    this(client, settings, registration, isInMemoryServer(client));
  }

  /**
   * A worker in the same process as Temporal's in-memory service (embedded {@code skein run}): it
   * cannot die apart from the service, so it keeps sticky queues and spares each workflow task a
   * replay of the whole history.
   */
  public static SkeinWorker inProcessWith(WorkflowClient client, WorkerSettings settings) {
    return new SkeinWorker(client, settings, SkeinWorker::registerSkein, false);
  }

  private SkeinWorker(
      WorkflowClient client,
      WorkerSettings settings,
      BiConsumer<Worker, WorkerSettings> registration,
      boolean stickyOff) {
    requireSameStorage(client, settings);
    // Outputs the agents store take the client's form, so with a codec they are encrypted too.
    this.settings =
        settings.withStorage(
            settings.storage().map(s -> s.withConverter(client.getOptions().getDataConverter())));
    this.factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new StepLoggingInterceptor())
                .build());
    WorkerOptions.Builder options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentActivityExecutionSize(settings.maxConcurrentActivities())
            .setMaxConcurrentWorkflowTaskExecutionSize(settings.maxConcurrentWorkflowTasks())
            // A cancel reaches an activity only through its heartbeat; keep that quick.
            .setMaxHeartbeatThrottleInterval(AgentActivitiesImpl.MAX_HEARTBEAT_THROTTLE)
            // During the grace period activities keep heartbeating instead of being told to stop.
            .setAllowActivityHeartbeatDuringShutdown(true);
    if (stickyOff) {
      // Zero turns sticky execution off: every workflow task goes to the shared queue.
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
      log.info("in-memory Temporal service: sticky task queues off, so runs survive this worker");
    }
    for (String queue : this.settings.taskQueues()) {
      registration.accept(factory.newWorker(queue, options.build()), this.settings);
    }
  }

  /**
   * Temporal's in-memory server (behind {@code skein dev-server}) never times out a sticky task
   * queue, and ignores a worker's shutdown: a workflow cached on a worker that was killed or
   * stopped would wait for that worker forever. It is the frontend that reports no server version;
   * a real server (or an unanswered probe) keeps sticky queues, which spare the replay of each
   * task.
   */
  static boolean isInMemoryServer(WorkflowClient client) {
    try {
      return client
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
          .getServerVersion()
          .isEmpty();
    } catch (RuntimeException unanswered) {
      return false;
    }
  }

  /**
   * Agents write outputs to the store the client reads payloads from; a worker whose settings name
   * a store its client lacks would write references nobody could resolve.
   */
  private static void requireSameStorage(WorkflowClient client, WorkerSettings settings) {
    var external = client.getOptions().getExternalStorage();
    if (settings.storage().isPresent()
        && (external == null
            || !external.getDrivers().contains(settings.storage().get().driver()))) {
      throw new IllegalArgumentException(
          "the worker's settings name the store "
              + settings.storage().get().description()
              + ", but its client was not built with it (setExternalStorage)");
    }
  }

  /**
   * The workflow and the agent activities, the registration every Skein worker uses; the activities
   * get the output store of {@link WorkerSettings#storage()}.
   */
  public static void registerSkein(Worker worker, WorkerSettings settings) {
    PipelineWorkflows.register(worker);
    Optional<OutputStore> store = settings.storage().map(Storage::outputStore);
    worker.registerActivitiesImplementations(
        new AgentActivitiesImpl(settings.agentEnv(), store, settings.policy()),
        new OutputActivitiesImpl(store));
  }

  public WorkerSettings settings() {
    return settings;
  }

  public synchronized void start() {
    registerSearchAttributes();
    factory.start();
    var stubs = factory.getWorkflowClient().getWorkflowServiceStubs();
    String target = stubs.getOptions().getTarget();
    if (target != null) {
      watcher = ConnectionWatcher.start(stubs, target);
    }
    log.info(
        "worker polling task queue(s) {} (max {} activities, {} workflow tasks); agent policy: {}",
        String.join(", ", settings.taskQueues()),
        settings.maxConcurrentActivities(),
        settings.maxConcurrentWorkflowTasks(),
        settings.policy().summary());
  }

  /**
   * Skein's search attributes, registered once per worker start (already registered is fine). A
   * namespace that refuses (Temporal Cloud, no permission) still runs pipelines: runs set only the
   * attributes the namespace has, and an operator can add them later.
   */
  private void registerSearchAttributes() {
    WorkflowClient client = factory.getWorkflowClient();
    String namespace = client.getOptions().getNamespace();
    try (SearchAttributeRegistry registry =
        SearchAttributeRegistry.of(client.getWorkflowServiceStubs())) {
      SearchAttributeRegistry.Registration registration = registry.register(namespace);
      if (registration.complete()) {
        log.info(
            "search attributes {} registered in namespace {}",
            String.join(", ", registration.registered()),
            namespace);
      } else {
        log.warn(
            "could not register Skein's search attributes in namespace {} ({}); runs go on"
                + " without them and `skein list` cannot filter. An operator can run: {}",
            namespace,
            registration.refusal().orElse("refused"),
            SkeinSearchAttributes.createCommand(namespace));
      }
    }
  }

  /**
   * Stops polling, waits up to the grace period for running activities, then cancels the rest.
   *
   * @return true when everything finished within the grace period
   */
  public boolean shutdown() {
    if (factory.isTerminated()) {
      return true;
    }
    stopWatching();
    log.info(
        "worker stopping: no new tasks; running activities have {} s to finish",
        settings.shutdownGrace().toSeconds());
    factory.shutdown();
    factory.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    if (factory.isTerminated()) {
      log.info("worker stopped");
      return true;
    }
    log.warn("grace period over: cancelling running activities");
    factory.shutdownNow();
    factory.awaitTermination(FORCED_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    log.info("worker stopped{}", factory.isTerminated() ? "" : " (some tasks did not stop)");
    return false;
  }

  /** Cancels running activities at once (their agents stop) and waits for them to stop. */
  public void shutdownNow() {
    stopWatching();
    factory.shutdownNow();
    factory.awaitTermination(FORCED_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void stopWatching() {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
  }

  @Override
  public void close() {
    shutdown();
  }
}
