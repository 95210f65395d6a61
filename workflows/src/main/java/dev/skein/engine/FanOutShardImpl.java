package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.contract.AgentResult;
import dev.skein.contract.FailureTypes;
import dev.skein.contract.RenderRequest;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.output.Materializer;
import dev.skein.output.OutputValue;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineParser;
import dev.skein.parse.Rules;
import dev.skein.resume.ResumeSource;
import dev.skein.run.ErrorInfo;
import dev.skein.run.FailedAttempt;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskCounts;
import dev.skein.run.Usage;
import dev.skein.template.TemplateContext;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code AgentPipelineShard}: runs one range of a large fan-out with the same agents, templates,
 * retries and cancellation the parent would use, up to its allotment at once. A task that fails
 * under the step's {@code fail_fast} cancels its siblings here and ends the child, and the parent
 * then stops the others. When this child's own history nears Temporal's limits it starts no more
 * tasks, lets the running ones finish and returns; the parent runs the rest in another child. A
 * cancelled child still returns every task it finished, so nothing done is lost.
 */
public class FanOutShardImpl implements FanOutShard {

  /** Start no more tasks past this many history events (the service's hard limit is 51,200). */
  static final int EVENT_BUDGET = 10_000;

  /** Start no more tasks past this many bytes of history (the hard limit is 50 MB). */
  static final long SIZE_BUDGET = 20L * 1024 * 1024;

  private final Completions<Task> completions = new Completions<>();
  private final Set<Task> running = new LinkedHashSet<>();
  private List<Task> tasks = List.of();
  private int allotment;
  private boolean failing;
  private Integer stoppedAt;
  private String stopReason;
  private ShardInput input;

  /** For a retry: the source's succeeded tasks of this range, by index. */
  private final java.util.Map<Integer, ResumeSource.Task> reusable = new java.util.HashMap<>();

  private Step step;

  /** One task of this range (mutable; only the workflow thread touches it). */
  private static final class Task {
    final int index;
    final JsonNode item;
    StepStatus status = StepStatus.PENDING;
    TaskOutcome outcome;
    String launchedAt;
    CancellationScope scope;
    String requestDigest;
    String reusedFrom;

    Task(int index, JsonNode item) {
      this.index = index;
      this.item = item;
    }
  }

  @Override
  public ShardResult run(ShardInput input) {
    this.input = input;
    this.allotment = Math.max(1, input.allotment());
    Pipeline pipeline = parse(input);
    this.step =
        pipeline.steps().stream()
            .filter(s -> s.id().equals(input.stepId()))
            .findFirst()
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "the pipeline has no step '" + input.stepId() + "'",
                        FailureTypes.INVALID_PIPELINE));
    List<Task> list = new ArrayList<>(input.items().size());
    for (int i = 0; i < input.items().size(); i++) {
      list.add(new Task(input.first() + i, input.items().get(i)));
    }
    tasks = list;
    if (input.reusable() != null) {
      input.reusable().forEach(t -> reusable.put(t.index(), t));
    }
    Launcher launcher =
        new Launcher(pipeline, input.parentWorkflowId(), input.parentRunId(), input.version());
    Workflow.newCancellationScope(() -> loop(launcher)).run();
    if (!running.isEmpty()) {
      // Detached: a cancelled child still waits for its agents to stop and records how each ended.
      Workflow.newDetachedCancellationScope(this::drain).run();
    }
    if (stoppedAt == null) {
      tasks.stream()
          .filter(t -> t.status == StepStatus.PENDING)
          .forEach(t -> finish(t, StepStatus.CANCELLED, null, null, 0, null));
    }
    return new ShardResult(
        tasks.stream().filter(t -> t.outcome != null).map(t -> t.outcome).toList(), stoppedAt);
  }

  private static Pipeline parse(ShardInput input) {
    try {
      // The parent run accepted the document; newer checks must not refuse it here.
      return PipelineParser.parse(input.pipeline(), Rules.ACCEPTED);
    } catch (InvalidPipelineException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureTypes.INVALID_PIPELINE);
    }
  }

  private void loop(Launcher launcher) {
    CancellationScope scope = CancellationScope.current();
    int next = 0;
    while (true) {
      while (!failing
          && stoppedAt == null
          && stopReason == null
          && next < tasks.size()
          && running.size() < allotment
          && !scope.isCancelRequested()) {
        if (overBudget()) {
          stoppedAt = tasks.get(next).index;
          break;
        }
        launch(launcher, tasks.get(next++));
      }
      if (running.isEmpty()) {
        return;
      }
      int allotted = allotment;
      try {
        Workflow.await(
            () ->
                !completions.isEmpty()
                    || scope.isCancelRequested()
                    || stopReason != null
                    || allotment != allotted);
      } catch (CanceledFailure cancelled) {
        return;
      }
      handleCompletions(true);
      if (scope.isCancelRequested()) {
        return;
      }
      if (stopReason != null) {
        running.forEach(t -> t.scope.cancel(stopReason));
        return;
      }
    }
  }

  private void launch(Launcher launcher, Task task) {
    RenderRequest.Context values = input.context().withItem(task.item, task.index);
    TemplateSource source =
        new TemplateSource() {
          @Override
          public boolean rendersStoredOutput() {
            return values.hasStoredOutput();
          }

          @Override
          public TemplateContext context() {
            return values.toTemplateContext(Materializer.local());
          }

          @Override
          public RenderRequest.Context forWorker() {
            return values;
          }
        };
    Launcher.Prepared prepared = launcher.prepare(step, task.index, source, task.item);
    if (prepared.error() != null) {
      finish(task, StepStatus.FAILED, null, prepared.error(), 0, null);
      afterFailure(task);
      return;
    }
    task.requestDigest = prepared.digest();
    ResumeSource.Task found = reusable.get(task.index);
    if (found != null && found.requestDigest().equals(prepared.digest())) {
      task.reusedFrom = input.reusedFrom();
      finish(task, StepStatus.SUCCEEDED, found.value(), null, found.attempts(), null);
      return;
    }
    Launcher.Launch launch = launcher.start(step, prepared.request());
    task.status = StepStatus.RUNNING;
    task.launchedAt = now();
    task.scope = launch.scope();
    running.add(task);
    completions.watch(task, launch.result());
  }

  private void drain() {
    while (!running.isEmpty()) {
      Workflow.await(() -> !completions.isEmpty());
      handleCompletions(false);
    }
  }

  /** Records what completed; {@code react} applies fail-fast (not while draining). */
  private void handleCompletions(boolean react) {
    Completions.Done<Task> done;
    while ((done = completions.poll()) != null) {
      Task task = done.work();
      running.remove(task);
      if (done.failure() == null) {
        AgentResult r = (AgentResult) done.result();
        finish(
            task,
            StepStatus.SUCCEEDED,
            Dispatcher.valueOf(r),
            null,
            r.attempt(),
            r.usage(),
            r.failures());
      } else if (AgentFailures.isCancellation(done.failure())) {
        finish(task, StepStatus.CANCELLED, null, null, 0, AgentFailures.usage(done.failure()));
      } else {
        ErrorInfo error =
            AgentFailures.error(
                done.failure(), StepActivityOptions.doNotRetry(step.options().retry()));
        int attempts = AgentFailures.attempts(done.failure(), step.options().retry().maxAttempts());
        finish(
            task,
            StepStatus.FAILED,
            null,
            error,
            attempts,
            AgentFailures.usage(done.failure()),
            AgentFailures.failures(done.failure(), error, attempts));
        if (react) {
          afterFailure(task);
        }
      }
    }
  }

  /**
   * Under {@code fail_fast}: cancel the siblings and start nothing more; the parent stops the other
   * children as soon as this one returns, a moment later.
   */
  private void afterFailure(Task task) {
    if (failing || !ErrorRules.stopsSiblings(step)) {
      return;
    }
    failing = true;
    running.forEach(t -> t.scope.cancel("fail_fast"));
    tasks.stream()
        .filter(t -> t.status == StepStatus.PENDING)
        .forEach(t -> finish(t, StepStatus.CANCELLED, null, null, 0, null));
  }

  private void finish(
      Task task, StepStatus status, OutputValue value, ErrorInfo error, int n, Usage usage) {
    finish(task, status, value, error, n, usage, null);
  }

  private void finish(
      Task task,
      StepStatus status,
      OutputValue value,
      ErrorInfo error,
      int n,
      Usage usage,
      List<FailedAttempt> failures) {
    task.status = status;
    task.outcome =
        new TaskOutcome(
            task.index,
            status,
            value,
            error,
            n,
            task.launchedAt,
            now(),
            task.requestDigest,
            task.reusedFrom,
            usage,
            failures);
  }

  private static boolean overBudget() {
    WorkflowInfo info = Workflow.getInfo();
    return info.isContinueAsNewSuggested()
        || info.getHistoryLength() > EVENT_BUDGET
        || info.getHistorySize() > SIZE_BUDGET;
  }

  private static String now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
  }

  @Override
  public TaskCounts progress() {
    return TaskCounts.of(tasks.stream().map(t -> t.status).toList());
  }

  @Override
  public void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason == null ? "stopped" : reason;
    }
  }

  @Override
  public void allot(int slots) {
    if (slots > allotment) {
      allotment = slots;
    }
  }
}
