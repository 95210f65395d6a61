package dev.skein.client;

import dev.skein.codec.EncryptionKeyException;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.BudgetRaise;
import dev.skein.engine.BudgetView;
import dev.skein.engine.Decision;
import dev.skein.output.Results;
import dev.skein.run.ErrorInfo;
import dev.skein.run.ProgressQuery;
import dev.skein.run.RunEvent;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.storage.OutputReader;
import dev.skein.storage.StorageException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One run of a pipeline: read its progress and events while it runs, wait for its result, cancel
 * it. Obtained from {@link SkeinClient#start} or {@link SkeinClient#attach}.
 *
 * <p>Queries need a worker: the workflow answers them, even after the run has ended.
 */
public final class RunHandle {

  /**
   * Error type of a run the service terminated ({@code temporal workflow terminate}, a reset): its
   * record says {@code failed} with this type and the reason.
   */
  public static final String TERMINATED = "Terminated";

  /** Error type of a run that reached the workflow timeout it was started with. */
  public static final String TIMED_OUT = "TimedOut";

  private final WorkflowClient client;
  private final String workflowId;
  private final Optional<String> runId;
  private final WorkflowStub stub;

  RunHandle(WorkflowClient client, String workflowId, Optional<String> runId) {
    this.client = client;
    this.workflowId = workflowId;
    this.runId = runId;
    this.stub =
        // The latest execution: a long run continues as new ones, and queries and results follow.
        client.newUntypedWorkflowStub(
            workflowId, Optional.empty(), Optional.of(AgentPipeline.WORKFLOW_TYPE));
  }

  public String workflowId() {
    return workflowId;
  }

  /** The run id when this handle started the run; empty for an attached handle. */
  public Optional<String> runId() {
    return runId;
  }

  /**
   * The run as it stands now, lean: statuses, counts and times, no outputs ({@code progress}
   * query). Tasks of a large fan-out's running child workflows are counted as they finish.
   */
  public RunResult progress() {
    return closedByService(ShardProgress.merged(client, query(ProgressQuery.LEAN)));
  }

  /** The run as it stands now with every output in full (stored ones read back). */
  public RunResult progressWithOutputs() {
    return resolved(closedByService(query(ProgressQuery.FULL)));
  }

  /**
   * A terminated or timed-out run still answers its queries as it stood ({@code running}); the
   * service's word on how it ended goes into the record instead.
   */
  private RunResult closedByService(RunResult current) {
    return EndedOutside.apply(client, workflowId, current);
  }

  /** The {@code progress} query as the workflow answers it: stored outputs as references. */
  public RunResult rawProgress(ProgressQuery form) {
    return query(form);
  }

  private RunResult query(ProgressQuery form) {
    try {
      return stub.query(AgentPipeline.PROGRESS_QUERY, RunResult.class, form);
    } catch (WorkflowNotFoundException e) {
      throw new RunNotFoundException(workflowId, e);
    } catch (WorkflowQueryException e) {
      Optional<RuntimeException> storage = storageProblem(e);
      if (storage.isPresent()) {
        throw storage.get();
      }
      // A terminated run cannot answer; the service can say how it ended.
      return EndedOutside.closure(client, workflowId, runId)
          .map(c -> c.alone(workflowId))
          .orElseThrow(() -> e);
    } catch (RuntimeException e) {
      throw storageProblem(e).orElse(e);
    }
  }

  /** Events with a sequence number above {@code afterSeq}, in order ({@code events} query). */
  public List<RunEvent> events(long afterSeq) {
    try {
      RunEvent[] events =
          stub.query(
              AgentPipeline.EVENTS_QUERY,
              RunEvent[].class,
              afterSeq,
              AgentPipeline.DEFAULT_EVENTS_PAGE);
      return events == null ? List.of() : List.of(events);
    } catch (WorkflowNotFoundException e) {
      throw new RunNotFoundException(workflowId, e);
    } catch (RuntimeException e) {
      throw storageProblem(e).orElse(e);
    }
  }

  /**
   * The task queue of the run's workflow tasks, from the service (no worker needed); empty when the
   * service does not answer within 5 s.
   */
  public Optional<String> taskQueue() {
    WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId);
    try {
      return Optional.of(
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(execution)
                      .build())
              .getExecutionConfig()
              .getTaskQueue()
              .getName());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new RunNotFoundException(workflowId, e);
      }
      return Optional.empty();
    }
  }

  /** Whether the workflow execution is still open, from the service (no worker needed). */
  public boolean isRunning() {
    try {
      return stub.describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      throw new RunNotFoundException(workflowId, e);
    }
  }

  /**
   * Waits for the run to end and returns its result, whatever the outcome: a failed or cancelled
   * run returns a result with that status instead of throwing. Every output is in full: those kept
   * outside history are read from the store this client was configured with.
   *
   * @throws dev.skein.storage.StorageException when a stored output cannot be read
   */
  public RunResult result() {
    return resolved(rawResult());
  }

  /** The result as the workflow returned it: large outputs as references (see {@link #result}). */
  public RunResult rawResult() {
    try {
      return stub.getResult(RunResult.class);
    } catch (WorkflowNotFoundException e) {
      throw new RunNotFoundException(workflowId, e);
    } catch (WorkflowException e) {
      Optional<RuntimeException> storage = storageProblem(e);
      if (storage.isPresent()) {
        throw storage.get();
      }
      return fromFailure(e);
    }
  }

  /** The run with every output: stored ones read back, large joins put together. */
  public RunResult resolved(RunResult result) {
    if (!Results.hasReferences(result)) {
      return result;
    }
    OutputReader reader =
        OutputReader.of(client.getOptions())
            .orElseThrow(
                () ->
                    new SkeinException(
                        "Run "
                            + workflowId
                            + " has outputs in external storage, but this client has none;"
                            + " configure the store its workers use (--storage, SKEIN_STORAGE or"
                            + " skein.toml)."));
    return Results.resolve(result, reader::read);
  }

  /**
   * The SDK reports a payload it could not fetch from external storage as a failure of the call
   * (for a result, like a failed run): that is this client's configuration, not the run's outcome.
   */
  static Optional<RuntimeException> storageProblem(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StorageException s) {
        return Optional.of(s);
      }
      if (c instanceof EncryptionKeyException k) {
        // Payloads this client has no key for: say so rather than report a failed run.
        return Optional.of(k);
      }
      String message = String.valueOf(c.getMessage());
      if (c.getClass().getSimpleName().equals("ExternalStorageNotConfiguredException")) {
        return Optional.of(
            new SkeinException(
                "The run's payloads are in external storage, but this client has none; configure"
                    + " the store its workers use (--storage, SKEIN_STORAGE or skein.toml).",
                e));
      }
      if (c instanceof IllegalStateException
          && message.startsWith("No storage driver registered with name")) {
        return Optional.of(
            new SkeinException(
                "The run's payloads are in a store this client is not configured with ("
                    + message
                    + "); configure the store its workers use (--storage, SKEIN_STORAGE or"
                    + " skein.toml).",
                e));
      }
    }
    return Optional.empty();
  }

  /** {@link #result()} without blocking a thread. */
  public CompletableFuture<RunResult> resultAsync() {
    return rawResultAsync().thenApply(this::resolved);
  }

  private CompletableFuture<RunResult> rawResultAsync() {
    return stub.getResultAsync(RunResult.class)
        .exceptionally(
            t -> {
              Throwable cause = t instanceof CompletionException ? t.getCause() : t;
              if (cause instanceof WorkflowNotFoundException e) {
                throw new RunNotFoundException(workflowId, e);
              }
              if (cause instanceof WorkflowException e) {
                Optional<RuntimeException> storage = storageProblem(e);
                if (storage.isPresent()) {
                  throw storage.get();
                }
                return fromFailure(e);
              }
              throw t instanceof CompletionException c ? c : new CompletionException(t);
            });
  }

  /**
   * Raises the run's budget ({@code budget} update) and returns it as it now stands. A refusal (no
   * budget to raise, a run that has stopped, nothing to add) is a {@link BudgetRefusedException}
   * with the workflow's sentence; nothing is written to the run's history then.
   */
  public BudgetView raiseBudget(double addUsd, long addTokens) {
    try {
      return stub.update(
          AgentPipeline.BUDGET_UPDATE, BudgetView.class, new BudgetRaise(addUsd, addTokens));
    } catch (WorkflowNotFoundException e) {
      throw endedOrMissing(e);
    } catch (WorkflowUpdateException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String message =
          root instanceof ApplicationFailure app ? app.getOriginalMessage() : root.getMessage();
      throw new BudgetRefusedException(workflowId, message, e);
    }
  }

  /**
   * Decides on a gate that waits ({@code decide} update): approve or reject an approval step;
   * retry, skip or fail a step or fan-out task paused on a failure. Returns the step's record once
   * the decision has taken effect. A refusal (unknown step or task, nothing waiting, already
   * decided, a decision the gate does not take, an ended run) is a {@link DecisionRefusedException}
   * with the workflow's sentence; nothing is written to history then.
   */
  public StepRecord decide(Decision decision) {
    try {
      return stub.update(AgentPipeline.DECIDE_UPDATE, StepRecord.class, decision);
    } catch (WorkflowNotFoundException e) {
      SkeinException why = endedOrMissing(e);
      throw why instanceof RunNotFoundException
          ? why
          : new DecisionRefusedException(workflowId, decision.label(), "the run has ended", e);
    } catch (WorkflowUpdateException e) {
      throw new DecisionRefusedException(workflowId, decision.label(), rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root instanceof ApplicationFailure app ? app.getOriginalMessage() : root.getMessage();
  }

  /** An update to a run that is not running: it has ended, or it never existed. */
  private SkeinException endedOrMissing(WorkflowNotFoundException e) {
    try {
      stub.describe();
      return new BudgetRefusedException(workflowId, "the run has ended", e);
    } catch (RuntimeException missing) {
      return new RunNotFoundException(workflowId, e);
    }
  }

  /** Asks the run to cancel; in-flight agents are stopped and the run ends {@code cancelled}. */
  public void cancel() {
    try {
      stub.cancel();
    } catch (WorkflowNotFoundException e) {
      throw new RunNotFoundException(workflowId, e);
    }
  }

  /**
   * The workflow puts the final run result into its failure's details; when it could not (a
   * terminated run, a timeout set outside Skein), ask the workflow, and failing that describe the
   * end from the failure alone.
   */
  private RunResult fromFailure(WorkflowException e) {
    Throwable cause = e instanceof WorkflowFailedException ? e.getCause() : e;
    RunStatus status =
        cause instanceof CanceledFailure || hasCause(cause, CanceledFailure.class)
            ? RunStatus.CANCELLED
            : RunStatus.FAILED;
    Optional<RunResult> fromDetails = details(cause);
    if (fromDetails.isPresent()) {
      return fromDetails.get();
    }
    ErrorInfo error = errorOf(cause, status);
    try {
      RunResult current = query(ProgressQuery.FULL);
      if (current.status() != RunStatus.RUNNING) {
        return current;
      }
      RunResult closed = EndedOutside.apply(client, workflowId, current);
      if (closed.status() != RunStatus.RUNNING) {
        return closed;
      }
      return new RunResult(
          current.workflowId(),
          current.runId(),
          current.pipeline(),
          status,
          current.startedAt(),
          current.completedAt(),
          error,
          current.steps());
    } catch (RuntimeException queryFailed) {
      return new RunResult(
          workflowId, e.getExecution().getRunId(), null, status, null, null, error, List.of());
    }
  }

  private static Optional<RunResult> details(Throwable cause) {
    try {
      if (cause instanceof ApplicationFailure failure && failure.getDetails().getSize() > 0) {
        return Optional.ofNullable(failure.getDetails().get(RunResult.class));
      }
      if (cause instanceof CanceledFailure failure && failure.getDetails().getSize() > 0) {
        return Optional.ofNullable(failure.getDetails().get(RunResult.class));
      }
    } catch (RuntimeException notARunResult) {
      // Failed before the run had a result (for example while decoding the input), unless the
      // result is there but in a store this client cannot read.
      Optional<RuntimeException> storage = storageProblem(notARunResult);
      if (storage.isPresent()) {
        throw storage.get();
      }
    }
    return Optional.empty();
  }

  private static ErrorInfo errorOf(Throwable cause, RunStatus status) {
    if (cause instanceof ApplicationFailure failure) {
      return new ErrorInfo(
          failure.getType(), failure.getOriginalMessage(), !failure.isNonRetryable());
    }
    if (cause instanceof TimeoutFailure) {
      return new ErrorInfo(TIMED_OUT, "The run timed out.", false);
    }
    if (cause instanceof TerminatedFailure failure) {
      return new ErrorInfo(TERMINATED, "The run was terminated: " + failure.getMessage(), false);
    }
    if (status == RunStatus.CANCELLED) {
      return new ErrorInfo("Cancelled", "The run was cancelled.", false);
    }
    return new ErrorInfo(
        cause == null ? "Unknown" : cause.getClass().getSimpleName(),
        cause == null ? "The run failed." : cause.getMessage(),
        false);
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
