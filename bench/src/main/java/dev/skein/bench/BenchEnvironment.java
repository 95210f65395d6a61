package dev.skein.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.agents.AgentActivitiesImpl;
import dev.skein.agents.output.OutputActivitiesImpl;
import dev.skein.bench.baseline.BoundedFanOutWorkflowImpl;
import dev.skein.bench.baseline.GatherWorkflowImpl;
import dev.skein.bench.baseline.SequentialFloorWorkflowImpl;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.PipelineInput;
import dev.skein.engine.PipelineWorkflows;
import dev.skein.output.Results;
import dev.skein.run.RunResult;
import dev.skein.storage.OutputReader;
import dev.skein.storage.OutputStore;
import dev.skein.storage.Storage;
import dev.skein.testkit.TemporalServer;
import dev.skein.visibility.SearchAttributeRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One Temporal service — in-memory in real time (no time skipping), or a real {@code temporal
 * server start-dev} — and one worker on the {@code skein} task queue that hosts the Skein workflow,
 * the baseline workflows and the agent activities, so Skein and its baselines share every cost but
 * the engine. Outputs above the inline limit go to a file store in a temporary directory, which the
 * worker writes and the client reads, as a deployed worker and client configured alike do.
 */
public final class BenchEnvironment implements AutoCloseable {

  public static final String TASK_QUEUE = "skein";

  /** No scenario run may take longer; a stuck run is an error, not a slow figure. */
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

  static final int MAX_CONCURRENT_ACTIVITIES = 200;

  private final BenchServer server;
  private final Path storeDir;
  private final Storage storage;
  private final WorkflowClient client;
  private final CountingAgentActivities counted;
  private final AutoCloseable stop;

  public BenchEnvironment(boolean sticky) {
    this(sticky, BenchServer.IN_MEMORY);
  }

  public BenchEnvironment(boolean sticky, BenchServer server) {
    this.server = server;
    try {
      storeDir = Files.createTempDirectory("skein-bench-store-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    storage = Storage.fileSystem(storeDir);
    Optional<OutputStore> store = Optional.of(storage.outputStore());
    counted = new CountingAgentActivities(new AgentActivitiesImpl(Map.of(), store));
    WorkflowClientOptions clientOptions =
        WorkflowClientOptions.newBuilder()
            .setNamespace("default")
            .setExternalStorage(storage.externalStorage())
            .build();
    Worker worker;
    if (server == BenchServer.IN_MEMORY) {
      TestWorkflowEnvironment env =
          TestWorkflowEnvironment.newInstance(
              TestEnvironmentOptions.newBuilder()
                  .setUseTimeskipping(false)
                  .setWorkflowClientOptions(clientOptions)
                  .build());
      worker = env.newWorker(TASK_QUEUE, workerOptions(sticky));
      register(worker, store);
      client = env.getWorkflowClient();
      env.start();
      stop = env::close;
    } else {
      TemporalServer temporal = TemporalServer.builder().name("bench").start();
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
      client = WorkflowClient.newInstance(stubs, clientOptions);
      try (SearchAttributeRegistry registry = SearchAttributeRegistry.of(stubs)) {
        // What `skein worker` does at start; runs then set their attributes as deployed ones do.
        registry.register("default");
      }
      WorkerFactory factory = WorkerFactory.newInstance(client);
      worker = factory.newWorker(TASK_QUEUE, workerOptions(sticky));
      register(worker, store);
      factory.start();
      stop =
          () -> {
            factory.shutdownNow();
            factory.awaitTermination(10, TimeUnit.SECONDS);
            stubs.shutdownNow();
            temporal.close();
          };
    }
  }

  private void register(Worker worker, Optional<OutputStore> store) {
    PipelineWorkflows.register(worker);
    worker.registerWorkflowImplementationTypes(
        SequentialFloorWorkflowImpl.class,
        BoundedFanOutWorkflowImpl.class,
        GatherWorkflowImpl.class);
    worker.registerActivitiesImplementations(counted, new OutputActivitiesImpl(store));
  }

  BenchServer server() {
    return server;
  }

  /**
   * A deployed worker's heartbeat throttle, and room for every activity a scenario keeps in flight,
   * so the pipeline's cap, not the worker's, is what limits a wide level (a deployed {@code skein
   * worker} defaults to fewer).
   */
  private static WorkerOptions workerOptions(boolean sticky) {
    WorkerOptions.Builder options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentActivityExecutionSize(MAX_CONCURRENT_ACTIVITIES)
            .setMaxHeartbeatThrottleInterval(AgentActivitiesImpl.MAX_HEARTBEAT_THROTTLE);
    if (!sticky) {
      // What a worker beside `skein dev-server` does: zero turns sticky execution off.
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    return options.build();
  }

  public WorkflowClient client() {
    return client;
  }

  /** Options for a run of this benchmark: a fresh id, the shared task queue, a hard deadline. */
  public WorkflowOptions options(String prefix) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(prefix + "-" + UUID.randomUUID())
        .setTaskQueue(TASK_QUEUE)
        .setWorkflowExecutionTimeout(RUN_TIMEOUT)
        .build();
  }

  /** Starts a Skein pipeline and returns its typed stub, for queries while it runs. */
  public AgentPipeline startPipeline(String prefix, JsonNode pipeline) {
    AgentPipeline stub = client().newWorkflowStub(AgentPipeline.class, options(prefix));
    WorkflowClient.start(stub::run, new PipelineInput(pipeline, Map.of()));
    return stub;
  }

  /** Waits for a started pipeline; a run that did not succeed is an error of the benchmark. */
  public static RunResult await(AgentPipeline stub) {
    RunResult result = awaitResult(stub, RunResult.class);
    if (result == null || !"succeeded".equals(result.status().wireName())) {
      throw new IllegalStateException(
          "pipeline run did not succeed: " + (result == null ? "no result" : result.status()));
    }
    return result;
  }

  /** Waits for any started workflow's result, within {@link #RUN_TIMEOUT}. */
  public static <R> R awaitResult(Object typedStub, Class<R> type) {
    try {
      return WorkflowStub.fromTyped(typedStub)
          .getResult(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS, type);
    } catch (TimeoutException e) {
      throw new IllegalStateException("run did not end within " + RUN_TIMEOUT, e);
    }
  }

  /** Agent calls completed on the worker since it started. */
  public long agentCallsCompleted() {
    return counted.completed();
  }

  /**
   * The run with every output in full: stored ones read back from the file store, large joins put
   * together, exactly as {@code RunHandle.resolved} does for a client with this store.
   */
  RunResult resolved(RunResult result) {
    if (!Results.hasReferences(result)) {
      return result;
    }
    OutputReader reader = OutputReader.of(client.getOptions()).orElseThrow();
    return Results.resolve(result, reader::read);
  }

  @Override
  public void close() {
    try {
      stop.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the benchmark's service", e);
    } finally {
      storage.close();
      deleteStore();
    }
  }

  private void deleteStore() {
    try (Stream<Path> files = Files.walk(storeDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is not worth failing the benchmark for
    }
  }
}
