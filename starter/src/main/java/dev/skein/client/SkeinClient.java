package dev.skein.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.PipelineInput;
import dev.skein.engine.ResumeFrom;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import dev.skein.run.RunResult;
import dev.skein.storage.Storage;
import dev.skein.visibility.SearchAttributeRegistry;
import dev.skein.visibility.SkeinSearchAttributes;
import dev.skein.worker.ChannelThreads;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts and follows Skein runs on a Temporal service; the {@code skein} command is built on it.
 *
 * <pre>{@code
 * try (SkeinClient skein = SkeinClient.connect(ConnectionSettings.fromEnvironment())) {
 *   RunHandle run =
 *       skein.start(
 *           Path.of("examples/hello.yaml"),
 *           Map.of("topic", TextNode.valueOf("durable agents")),
 *           StartOptions.defaults());
 *   for (RunEvent e : run.events(0)) {
 *     System.out.println(e.type() + " " + e.step());
 *   }
 *   RunResult result = run.result(); // waits; failed and cancelled runs return a result too
 *   System.out.println(result.status());
 * }
 * }</pre>
 *
 * <p>Pipelines are validated here, with the same parser the workflow uses, before anything is
 * started: a bad document throws {@link InvalidPipelineException} listing every problem.
 *
 * <p>The client is built with the store of {@link ConnectionSettings#storage()} as the SDK's
 * external storage, so inputs above the threshold leave history and results, queries and events
 * that hold references are read back; it must be the store the workers use.
 */
public final class SkeinClient implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ID_ATTEMPTS = 5;

  private final WorkflowClient client;
  private final String address;
  private final WorkflowServiceStubs ownedService;

  /** The network threads of {@link #ownedService}, stopped with it; null for a borrowed client. */
  private final ChannelThreads ownedThreads;

  private final Optional<Storage> storage;
  private final boolean ownsStorage;

  /**
   * The queues an in-process worker serves, for a service that cannot say who polls (the embedded
   * one); empty for a service that can.
   */
  private volatile Optional<Set<String>> servedQueues = Optional.empty();

  private SkeinClient(
      WorkflowClient client,
      String address,
      WorkflowServiceStubs ownedService,
      ChannelThreads ownedThreads,
      Optional<Storage> storage,
      boolean ownsStorage) {
    this.client = client;
    this.address = address;
    this.ownedService = ownedService;
    this.ownedThreads = ownedThreads;
    this.storage = storage;
    this.ownsStorage = ownsStorage;
  }

  /**
   * Connects and checks that the service answers (within a few seconds).
   *
   * @throws UnreachableServiceException when it does not
   */
  public static SkeinClient connect(ConnectionSettings settings) {
    ResolvedConnection resolved = settings.resolve();
    return connect(resolved);
  }

  /**
   * Connects with settings already resolved, and opens their store (closed with this client).
   *
   * @throws UnreachableServiceException when the service does not answer
   * @throws dev.skein.storage.InvalidStorageSettingsException when the store cannot be opened (S3
   *     without a region)
   */
  public static SkeinClient connect(ResolvedConnection resolved) {
    String address = resolved.address();
    Optional<Storage> storage = resolved.storage().open();
    WorkflowServiceStubs service;
    ChannelThreads threads = new ChannelThreads();
    try {
      service = WorkflowServiceStubs.newServiceStubs(threads.apply(resolved.serviceOptions()));
    } catch (RuntimeException e) {
      threads.close();
      storage.ifPresent(Storage::close);
      throw new UnreachableServiceException(
          address,
          "Cannot connect to the Temporal service at " + address + ": " + e.getMessage(),
          e);
    }
    try {
      probe(service, address);
    } catch (RuntimeException e) {
      threads.close();
      storage.ifPresent(Storage::close);
      throw e;
    }
    return new SkeinClient(
        WorkflowClient.newInstance(service, resolved.clientOptions(storage)),
        address,
        service,
        threads,
        storage,
        true);
  }

  /**
   * Uses a client the caller owns (and closes), without storage; {@code address} is for messages.
   */
  public static SkeinClient of(WorkflowClient client, String address) {
    return of(client, address, Optional.empty());
  }

  /**
   * Uses a client the caller owns (and closes), built with {@code storage}'s external storage; the
   * caller closes {@code storage} too.
   */
  public static SkeinClient of(WorkflowClient client, String address, Optional<Storage> storage) {
    return new SkeinClient(client, address, null, null, storage, false);
  }

  private static void probe(WorkflowServiceStubs service, String address) {
    try {
      service
          .blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      service.shutdownNow();
      Status.Code code = e.getStatus().getCode();
      String why =
          switch (code) {
            case UNAVAILABLE -> "nothing answered there";
            case DEADLINE_EXCEEDED -> "it did not answer within 5 seconds";
            case UNAUTHENTICATED, PERMISSION_DENIED -> "it refused the credentials";
            default -> e.getStatus().getDescription();
          };
      throw new UnreachableServiceException(
          address, "Cannot reach the Temporal service at " + address + " (" + why + ").", e);
    }
  }

  /**
   * Whether the service answers now (within 3 s): tells a lost service from a run no worker answers
   * for.
   */
  public boolean answers() {
    try {
      client
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(3, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      return code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED;
    }
  }

  public WorkflowClient workflowClient() {
    return client;
  }

  /** The address this client talks to, for messages. */
  public String address() {
    return address;
  }

  public String namespace() {
    return client.getOptions().getNamespace();
  }

  /**
   * The store this client's payloads go to and come from (agent outputs above the inline limit are
   * read through its {@link Storage#outputStore()}); empty when storage is off.
   */
  public Optional<Storage> storage() {
    return storage;
  }

  /** Reads, validates and starts a pipeline file (YAML or JSON). */
  public RunHandle start(Path file, Map<String, JsonNode> inputs, StartOptions options)
      throws InvalidPipelineException {
    return start(PipelineDocument.read(file), inputs, options);
  }

  /** Validates and starts a pipeline given as a JSON tree (the workflow input's shape). */
  public RunHandle start(JsonNode pipeline, Map<String, JsonNode> inputs, StartOptions options)
      throws InvalidPipelineException {
    return start(PipelineDocument.of(pipeline), inputs, options);
  }

  /** Validates and starts a document read by {@link PipelineDocument}. */
  public RunHandle start(
      PipelineDocument document, Map<String, JsonNode> inputs, StartOptions options)
      throws InvalidPipelineException {
    Pipeline pipeline = PipelineParser.parse(document);
    PipelineInput input = new PipelineInput(document.tree(), new LinkedHashMap<>(inputs));
    return startInput(pipeline, input, options);
  }

  /**
   * The pipeline run {@code workflowId} runs, as its workflow input holds it (the latest
   * execution's, running or ended).
   *
   * @throws RunNotFoundException when the run does not exist
   * @throws SkeinException when it is not a Skein run
   */
  public PipelineDocument pipelineOf(String workflowId) {
    return PipelineDocument.of(RetrySource.startedWith(client, workflowId).pipeline());
  }

  /**
   * Starts a new run that reuses what run {@code workflowId} did: every step and fan-out task that
   * succeeded there and whose request is the same now keeps its output and runs no agent;
   * everything else runs (see {@link RetryOptions}). The source may have failed, been cancelled,
   * terminated or timed out; its pipeline and inputs are taken from its workflow input unless
   * {@code options} replace them.
   *
   * <p>Nothing is started when the request is bad:
   *
   * @throws RunNotFoundException when the source run does not exist
   * @throws SkeinException when it is still running, is not a Skein run, or {@code from} names a
   *     step the pipeline does not have
   * @throws InvalidPipelineException when the (edited) pipeline is invalid
   */
  public RunHandle retry(String workflowId, RetryOptions options) throws InvalidPipelineException {
    RetrySource source = RetrySource.of(client, workflowId);
    PipelineDocument document =
        options.pipeline().orElseGet(() -> PipelineDocument.of(source.input().pipeline()));
    Pipeline pipeline = PipelineParser.parse(document);
    List<String> unknown =
        options.from().stream().filter(id -> pipeline.step(id).isEmpty()).toList();
    if (!unknown.isEmpty()) {
      throw new SkeinException(
          "--from names "
              + (unknown.size() == 1 ? "a step" : "steps")
              + " that pipeline "
              + pipeline.name()
              + " does not have: "
              + String.join(", ", unknown)
              + " (its steps: "
              + pipeline.steps().stream().map(Step::id).collect(Collectors.joining(", "))
              + ").");
    }
    Map<String, JsonNode> inputs = new LinkedHashMap<>();
    if (source.input().inputs() != null) {
      inputs.putAll(source.input().inputs());
    }
    inputs.putAll(options.inputs());
    PipelineInput input =
        new PipelineInput(
            document.tree(),
            inputs,
            new ResumeFrom(workflowId, source.runId(), options.from()),
            null);
    return startInput(pipeline, input, options.start());
  }

  private RunHandle startInput(Pipeline pipeline, PipelineInput input, StartOptions options) {
    for (int attempt = 1; ; attempt++) {
      String workflowId = options.workflowId().orElseGet(() -> generatedId(pipeline.name()));
      AgentPipeline stub =
          client.newWorkflowStub(
              AgentPipeline.class, workflowOptions(pipeline, workflowId, options));
      try {
        String runId = WorkflowClient.start(stub::run, input).getRunId();
        return new RunHandle(client, workflowId, Optional.of(runId));
      } catch (WorkflowExecutionAlreadyStarted e) {
        if (options.workflowId().isPresent() || attempt >= ID_ATTEMPTS) {
          throw new SkeinException(
              "A run with workflow id '" + workflowId + "' is already running.", e);
        }
      } catch (WorkflowServiceException e) {
        throw refusedStart(e);
      }
    }
  }

  /**
   * A start the service turned down as invalid (a real server refuses a start whose input — the
   * pipeline and its inputs — exceeds its 2 MB payload limit; the in-memory one has no limit)
   * becomes one sentence: nothing was started, so it is bad input, not a failed run.
   */
  private RuntimeException refusedStart(WorkflowServiceException e) {
    if (e.getCause() instanceof StatusRuntimeException status
        && status.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
      String reason = Optional.ofNullable(status.getStatus().getDescription()).orElse("invalid");
      String hint =
          reason.toLowerCase(Locale.ROOT).contains("size")
              ? " The pipeline and its inputs travel as one payload, which a Temporal server takes"
                  + " up to 2 MB; pass large data by path or URL instead."
              : "";
      return new SkeinException(
          "The Temporal service at " + address + " refused to start the run: " + reason + hint, e);
    }
    return e;
  }

  /** A handle on an existing run (its latest execution). */
  public RunHandle attach(String workflowId) {
    return new RunHandle(client, workflowId, Optional.empty());
  }

  /**
   * Runs from the service's visibility store, newest first (running ones, then the most recently
   * closed, as the store orders them), at most {@link RunQuery#limit()}.
   *
   * @throws ListingUnsupportedException on a service that cannot list (Temporal's in-memory one,
   *     behind the embedded service and {@code skein dev-server})
   * @throws SkeinException when the namespace lacks the search attribute a filter needs
   */
  public List<RunListing> list(RunQuery query) {
    try {
      return client
          .listExecutions(query.visibilityQuery())
          .map(RunListing::of)
          .flatMap(Optional::stream)
          .limit(query.limit())
          .toList();
    } catch (RuntimeException e) {
      throw listingFailure(e).orElse(e);
    }
  }

  private Optional<RuntimeException> listingFailure(RuntimeException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException status) {
        String description = Optional.ofNullable(status.getStatus().getDescription()).orElse("");
        if (status.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
          return Optional.of(
              new ListingUnsupportedException(
                  "Listing runs needs a real Temporal server (temporal server start-dev, a"
                      + " cluster or Temporal Cloud); the in-memory service at "
                      + address
                      + " keeps no visibility store to list from.",
                  e));
        }
        if (status.getStatus().getCode() == Status.Code.INVALID_ARGUMENT
            && description.contains("Skein")) {
          return Optional.of(
              new SkeinException(
                  "Namespace "
                      + namespace()
                      + " lacks Skein's search attributes ("
                      + description
                      + "); register them with 'skein setup' or: "
                      + SkeinSearchAttributes.createCommand(namespace()),
                  e));
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Registers Skein's search attributes in this client's namespace (workers do it when they start);
   * what exists already is left as it is.
   */
  public SearchAttributeRegistry.Registration registerSearchAttributes() {
    try (SearchAttributeRegistry registry =
        SearchAttributeRegistry.of(client.getWorkflowServiceStubs())) {
      return registry.register(namespace());
    }
  }

  /**
   * Says which queues this process's own worker serves, on a service that cannot say who polls (the
   * embedded one): {@link #pollerCount} then answers from them.
   *
   * @return this client
   */
  public SkeinClient servedBy(Set<String> queues) {
    servedQueues = Optional.of(Set.copyOf(queues));
    return this;
  }

  /**
   * {@code progress} with what the service says of each running step's agent call: queued or
   * running, its attempt, how the last attempt failed, the agent's progress, and a warning when no
   * worker polls the queue a queued call waits on ({@link dev.skein.run.StepRecord#live}). The
   * progress as it was when the service does not answer.
   */
  public RunResult withLiveCalls(RunHandle run, RunResult progress) {
    if (progress == null
        || progress.status() != dev.skein.run.RunStatus.RUNNING
        || progress.steps() == null
        || progress.steps().stream()
            .noneMatch(s -> s.status() == dev.skein.run.StepStatus.RUNNING)) {
      return progress; // nothing in flight to ask the service about
    }
    try {
      return LiveCalls.annotate(
          progress, LiveCalls.read(client, run.workflowId()), queue -> pollerCount(queue, true));
    } catch (RuntimeException unanswered) {
      return progress;
    }
  }

  /**
   * Every task queue the pipeline uses: the workflow's and each step's activity queue. A worker
   * must poll each of them.
   */
  public static Set<String> taskQueues(Pipeline pipeline, StartOptions options) {
    Set<String> queues = new LinkedHashSet<>();
    queues.add(options.effectiveTaskQueue());
    queues.add(pipeline.defaults().taskQueue());
    for (Step step : pipeline.steps()) {
      queues.add(step.options().taskQueue());
    }
    return queues;
  }

  /**
   * How many workers poll {@code taskQueue} for workflow or activity tasks, when the service can
   * tell (Temporal's in-memory dev server cannot).
   */
  public Optional<Integer> pollerCount(String taskQueue, boolean activities) {
    if (servedQueues.isPresent()) {
      return Optional.of(servedQueues.get().contains(taskQueue) ? 1 : 0);
    }
    try {
      var response =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .describeTaskQueue(
                  DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(namespace())
                      .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                      .setTaskQueueType(
                          activities
                              ? TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY
                              : TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                      .build());
      return Optional.of(response.getPollersCount());
    } catch (StatusRuntimeException e) {
      return Optional.empty();
    }
  }

  private static WorkflowOptions workflowOptions(
      Pipeline pipeline, String workflowId, StartOptions options) {
    String summary =
        pipeline
            .description()
            .map(d -> pipeline.name() + ": " + firstLine(d))
            .orElse(pipeline.name());
    String details =
        "**"
            + pipeline.name()
            + "**"
            + pipeline.description().map(d -> "\n\n" + d).orElse("")
            + "\n\nSteps: "
            + pipeline.steps().stream().map(Step::id).collect(Collectors.joining(", "));
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(options.effectiveTaskQueue())
        .setStaticSummary(summary)
        .setStaticDetails(details)
        .build();
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 199) + "…" : line;
  }

  static String generatedId(String pipelineName) {
    // 64 random bits: two runs of one pipeline must never share an id, or watch attaches to the
    // other.
    return pipelineName + "-" + String.format("%016x", RANDOM.nextLong());
  }

  /** Closes the connection and the store if this client opened them. */
  @Override
  public void close() {
    if (ownedService != null) {
      ownedService.shutdown();
      ownedService.awaitTermination(2, TimeUnit.SECONDS);
      ownedThreads.close();
    }
    if (ownsStorage) {
      storage.ifPresent(Storage::close);
    }
  }
}
