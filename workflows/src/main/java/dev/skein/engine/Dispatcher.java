package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skein.condition.Condition;
import dev.skein.condition.ConditionException;
import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import dev.skein.contract.FailureTypes;
import dev.skein.model.AgentConfig;
import dev.skein.model.ErrorPolicy;
import dev.skein.model.OnResultRule;
import dev.skein.model.Pipeline;
import dev.skein.plan.Plan;
import dev.skein.run.ErrorInfo;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import dev.skein.template.TemplateContext;
import dev.skein.template.TemplateException;
import dev.skein.template.Templates;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The one loop that runs a pipeline: keep up to the caps in flight, wait with {@code
 * Promise.anyOf}, record each completion the moment it arrives, ask the {@link SchedulingPolicy}
 * what may start, launch it. Joins, {@code when} skips and skip propagation are resolved here
 * without an activity.
 *
 * <p>Every activity runs in a child of one work {@link CancellationScope}. Fail-fast, an {@code
 * on_result} abort, the run timeout and an external cancellation all end in {@link #stop}: cancel
 * that scope, mark what never started {@code cancelled}, then drain every in-flight activity.
 *
 * <p>Versioning: this is the first shipped shape and uses no {@code Workflow.getVersion}. Any
 * change to the commands this loop issues (which activities or timers, their order, their options)
 * must go behind {@code Workflow.getVersion} here, or running workflows will fail to replay.
 */
final class Dispatcher {

  /** Temporal allows 2,000 pending activities per workflow; larger fan-outs need sharding. */
  static final int MAX_FAN_OUT_ITEMS = 2000;

  private static final Logger log = Workflow.getLogger(Dispatcher.class);

  /** How a run ended, for {@link AgentPipelineImpl} to turn into a result or a failure. */
  record Outcome(RunStatus status, ErrorInfo error) {}

  private record Completion(AgentResult result, RuntimeException failure) {}

  /** One activity in flight; its own scope lets a fan-out cancel just its siblings. */
  private record InFlight(
      StepState step, TaskState task, CancellationScope scope, Promise<Completion> done) {}

  private record Stop(StopKind kind, String message) {}

  private final Pipeline pipeline;
  private final Plan plan;
  private final RunState state;
  private final SchedulingPolicy policy;
  private final Map<String, JsonNode> inputs;
  private final List<InFlight> inFlight = new ArrayList<>();
  private final Set<String> waitForAllJoinBranches;

  /** Released steps that may still have work to launch, by declaration order. */
  private final TreeMap<Integer, StepState> launchable = new TreeMap<>();

  /** Per step, the steps its templates and conditions can see (see {@link #visibleTo}). */
  private final Map<String, List<StepState>> visible = new HashMap<>();

  private CancellationScope work;
  private Promise<Void> deadline;
  private Stop stop;
  private StepState firstFailure;

  Dispatcher(Pipeline pipeline, Plan plan, RunState state, Map<String, JsonNode> inputs) {
    this.pipeline = pipeline;
    this.plan = plan;
    this.state = state;
    this.inputs = inputs;
    this.policy = SchedulingPolicy.of(pipeline.mode(), plan, state);
    this.waitForAllJoinBranches =
        pipeline.steps().stream()
            .filter(s -> s.isJoin() && s.options().onError() == ErrorPolicy.WAIT_FOR_ALL)
            .flatMap(s -> s.join().stream())
            .collect(Collectors.toCollection(HashSet::new));
  }

  Outcome run() {
    state.runStarted();
    // The deadline lives in the workflow's root scope, outside the work scope it cancels.
    deadline = pipeline.timeout().map(Workflow::newTimer).orElse(null);
    work = Workflow.newCancellationScope(this::dispatch);
    work.run();
    if (!inFlight.isEmpty()) {
      // Detached: after an external cancellation the root scope is cancelled, but the cancelled
      // agents must still be awaited so the records say how each one ended.
      Workflow.newDetachedCancellationScope(this::drain).run();
    }
    for (StepState s : state.steps()) {
      if (!s.isFinal()) {
        state.stepCancelled(s, stop == null ? "cancelled" : stop.kind.reason);
      }
    }
    return outcome();
  }

  // ---- the loop ----

  private void dispatch() {
    Promise<String> cancelRequest = work.getCancellationRequest();
    while (true) {
      advance();
      if (stop != null || inFlight.isEmpty()) {
        return;
      }
      state.publishDetails();
      List<Promise<?>> waits = new ArrayList<>();
      inFlight.forEach(f -> waits.add(f.done()));
      waits.add(cancelRequest);
      if (deadline != null) {
        waits.add(deadline);
      }
      try {
        Promise.anyOf(waits.toArray(Promise<?>[]::new)).get();
      } catch (RuntimeException timerCancelled) {
        // Only the deadline can fail here (cancelled with the run); handled just below.
      }
      handleCompletions();
      if (stop != null) {
        return;
      }
      if (cancelRequest.isCompleted()) {
        stop(StopKind.CANCELLED, "the run was cancelled");
        return;
      }
      if (deadline != null && deadline.isCompleted() && deadline.getFailure() == null) {
        stop(
            StopKind.TIMEOUT,
            "the run exceeded its timeout of " + format(pipeline.timeout().orElseThrow()));
        return;
      }
    }
  }

  private void drain() {
    while (!inFlight.isEmpty()) {
      state.publishDetails();
      Promise.anyOf(inFlight.stream().map(InFlight::done).toList()).get();
      handleCompletions();
    }
  }

  /** Releases and launches until nothing more can start without a completion. */
  private void advance() {
    while (stop == null) {
      int finalBefore = state.finalCount();
      for (StepState step : policy.releasable()) {
        release(step);
        if (stop != null) {
          return;
        }
      }
      launchWithinCaps();
      if (stop != null || state.finalCount() == finalBefore) {
        return;
      }
    }
  }

  // ---- releasing a step: skips, conditions, joins, fan-out expansion ----

  private void release(StepState step) {
    step.released = true;
    Optional<String> skip = upstreamSkip(step);
    if (skip.isPresent()) {
      state.stepSkipped(step, skip.get());
      return;
    }
    if (step.step.when().isPresent()) {
      boolean run;
      try {
        run = Condition.parse(step.step.when().get()).evaluate(context(step, null));
      } catch (ConditionException | TemplateException e) {
        failWithoutActivity(step, templateError(e));
        return;
      }
      if (!run) {
        state.stepSkipped(step, "condition_false");
        return;
      }
    }
    if (step.step.isJoin()) {
      runJoin(step);
      return;
    }
    if (step.step.isFanOut()) {
      expand(step);
    }
    if (!step.isFinal()) {
      launchable.put(step.order, step);
    }
  }

  /**
   * A failed dependency (without {@code allow_failure}) skips the step; so does a skipped one. Join
   * branches never do: the join merges what there is.
   */
  private Optional<String> upstreamSkip(StepState step) {
    String reason = null;
    for (String dep : plan.dependencies(step.id())) {
      if (step.step.join().contains(dep)) {
        continue;
      }
      StepState upstream = state.step(dep);
      if (upstream.status == StepStatus.FAILED && !upstream.step.allowFailure()) {
        return Optional.of("upstream_failed");
      }
      if (upstream.status == StepStatus.SKIPPED || upstream.status == StepStatus.CANCELLED) {
        reason = "upstream_skipped";
      }
    }
    return Optional.ofNullable(reason);
  }

  private void runJoin(StepState step) {
    state.stepStarted(step);
    List<Joins.Branch> branches =
        step.step.join().stream()
            .map(state::step)
            .filter(b -> b.status == StepStatus.SUCCEEDED || b.status == StepStatus.FAILED)
            .map(Joins::of)
            .toList();
    if (step.step.outputSchema().isEmpty()) {
      state.stepSucceeded(step, Joins.text(branches), 1);
    } else {
      ObjectNode merged = Joins.structured(branches);
      List<String> violations;
      try {
        violations = Joins.violations(step.step.outputSchema().get(), merged);
      } catch (RuntimeException badSchema) {
        violations = List.of("output_schema cannot be used: " + badSchema.getMessage());
      }
      if (violations.isEmpty()) {
        state.stepSucceeded(step, merged.toString(), 1);
      } else {
        state.stepFailed(
            step,
            new ErrorInfo(
                FailureTypes.INVALID_OUTPUT,
                "join output does not match output_schema: " + String.join("; ", violations),
                false),
            1);
      }
    }
    afterFinish(step);
  }

  private void expand(StepState step) {
    JsonNode items;
    try {
      items = Templates.renderValue(step.step.forEach().orElseThrow(), context(step, null));
    } catch (TemplateException e) {
      failWithoutActivity(step, templateError(e));
      return;
    }
    if (items == null || !items.isArray()) {
      failWithoutActivity(
          step,
          new ErrorInfo(
              FailureTypes.TEMPLATE_ERROR,
              "for_each must render to a JSON array, got "
                  + (items == null ? "nothing" : items.getNodeType().name().toLowerCase()),
              false));
      return;
    }
    if (items.size() > MAX_FAN_OUT_ITEMS) {
      failWithoutActivity(
          step,
          new ErrorInfo(
              FailureTypes.FAN_OUT_TOO_LARGE,
              "for_each rendered "
                  + items.size()
                  + " items; at most "
                  + MAX_FAN_OUT_ITEMS
                  + " are allowed per step",
              false));
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      step.tasks.add(new TaskState(i, items.get(i)));
    }
    if (step.tasks.isEmpty()) {
      state.stepStarted(step);
      state.fanOutFinished(step, "cancelled");
      afterFinish(step);
    }
  }

  // ---- launching activities ----

  /**
   * Launches pending work in declaration order (tasks in input order) while the caps allow. Only
   * released steps with work left are visited, and a fan-out from its first pending task.
   */
  private void launchWithinCaps() {
    int runCap = pipeline.defaults().maxConcurrency();
    Iterator<StepState> steps = launchable.values().iterator();
    while (steps.hasNext()) {
      StepState step = steps.next();
      if (step.isFinal()) {
        steps.remove();
        continue;
      }
      if (!step.step.isFanOut()) {
        if (step.status == StepStatus.PENDING) {
          if (inFlight.size() >= runCap) {
            return;
          }
          launch(step, null);
        }
        if (step.status != StepStatus.PENDING) {
          steps.remove();
        }
      } else {
        int stepCap = step.step.options().maxConcurrency().orElse(Integer.MAX_VALUE);
        List<TaskState> tasks = step.tasks;
        while (step.nextTask < tasks.size()
            && tasks.get(step.nextTask).status != StepStatus.PENDING) {
          step.nextTask++;
        }
        for (int i = step.nextTask; i < tasks.size(); i++) {
          TaskState task = tasks.get(i);
          if (step.failing || step.isFinal()) {
            break;
          }
          if (task.status != StepStatus.PENDING) {
            continue;
          }
          if (inFlight.size() >= runCap) {
            return;
          }
          if (step.inFlight >= stepCap) {
            break;
          }
          launch(step, task);
        }
      }
      if (stop != null) {
        return;
      }
    }
  }

  /** Renders the step's templates and starts its activity; a render error fails it instead. */
  private void launch(StepState step, TaskState task) {
    TemplateContext context = context(step, task);
    String agentName = step.step.agent().orElse(pipeline.defaults().agent());
    String prompt;
    JsonNode with;
    AgentConfig agent;
    try {
      prompt = step.step.prompt().map(p -> Templates.render(p, context)).orElse(null);
      with = Templates.renderTree(step.step.with(), context);
      agent = AgentConfigs.render(pipeline.agent(agentName).orElseThrow(), context);
    } catch (TemplateException e) {
      if (task == null) {
        failWithoutActivity(step, templateError(e));
      } else {
        state.taskFailed(step, task, templateError(e), 0);
        afterTaskFinished(step, task);
      }
      return;
    }
    AgentRequest request =
        new AgentRequest(
            state.workflowId(),
            state.runId(),
            pipeline.name(),
            step.id(),
            task == null ? null : task.index,
            prompt,
            agentName,
            agent,
            with,
            step.step.options().stallTimeout().toMillis(),
            step.step.outputSchema().orElse(null));
    AgentActivities activities =
        Workflow.newActivityStub(
            AgentActivities.class,
            StepActivityOptions.of(step.step.options(), request.label(), agentName));
    if (task == null) {
      state.stepStarted(step);
    } else {
      state.taskStarted(step, task);
    }
    List<Promise<AgentResult>> started = new ArrayList<>(1);
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> started.add(Async.function(activities::runAgent, request)));
    scope.run();
    Promise<Completion> done = started.get(0).handle(Completion::new);
    inFlight.add(new InFlight(step, task, scope, done));
    step.inFlight++;
  }

  // ---- completions ----

  /** Records every completed activity, in launch order. */
  private void handleCompletions() {
    for (InFlight f : List.copyOf(inFlight)) {
      if (f.done().isCompleted()) {
        inFlight.remove(f);
        f.step().inFlight--;
        Completion c = f.done().get();
        if (f.task() == null) {
          completeStep(f.step(), c);
        } else {
          completeTask(f.step(), f.task(), c);
        }
      }
    }
  }

  private void completeStep(StepState step, Completion c) {
    if (c.failure() == null) {
      state.stepSucceeded(step, c.result().output(), c.result().attempt());
    } else if (AgentFailures.isCancellation(c.failure())) {
      state.stepCancelled(step, stop == null ? "cancelled" : stop.kind.reason);
      return;
    } else {
      state.stepFailed(step, errorOf(step, c.failure()), attemptsOf(step, c.failure()));
    }
    afterFinish(step);
  }

  private void completeTask(StepState step, TaskState task, Completion c) {
    if (c.failure() == null) {
      state.taskSucceeded(step, task, c.result().output(), c.result().attempt());
    } else if (AgentFailures.isCancellation(c.failure())) {
      state.taskCancelled(step, task, stop == null ? "fail_fast" : stop.kind.reason);
    } else {
      state.taskFailed(step, task, errorOf(step, c.failure()), attemptsOf(step, c.failure()));
    }
    afterTaskFinished(step, task);
  }

  /**
   * A failed task under the step's {@code fail_fast} cancels its siblings; if the failure also
   * fails the run, the step fails at once and the run stops (the drain cancels the siblings).
   */
  private void afterTaskFinished(StepState step, TaskState task) {
    if (task.status == StepStatus.FAILED
        && stop == null
        && !step.failing
        && step.step.options().onError() == ErrorPolicy.FAIL_FAST) {
      step.failing = true;
      if (failsRunAtOnce(step)) {
        state.stepFailed(step, RunState.taskError(task), task.attempts);
        afterFinish(step);
        return;
      }
      for (InFlight f : inFlight) {
        if (f.step() == step) {
          f.scope().cancel("fail_fast");
        }
      }
      for (TaskState sibling : step.tasks) {
        if (sibling.status == StepStatus.PENDING) {
          state.taskCancelled(step, sibling, "fail_fast");
        }
      }
    }
    if (!step.isFinal() && step.finalTasks == step.tasks.size()) {
      state.fanOutFinished(step, stop == null ? "cancelled" : stop.kind.reason);
      afterFinish(step);
    }
  }

  private void failWithoutActivity(StepState step, ErrorInfo error) {
    state.stepFailed(step, error, 0);
    afterFinish(step);
  }

  /** A step reached succeeded or failed: check its {@code on_result} rules and the run policy. */
  private void afterFinish(StepState step) {
    if (stop != null) {
      return;
    }
    if (step.status == StepStatus.FAILED && !step.step.allowFailure() && firstFailure == null) {
      firstFailure = step;
    }
    Optional<Integer> abort = abortingRule(step);
    if (abort.isPresent()) {
      int index = abort.get();
      OnResultRule rule = step.step.onResult().get(index);
      stop(
          StopKind.ABORTED,
          "step '"
              + step.id()
              + "' aborted the run: on_result rule "
              + (index + 1)
              + " (when: "
              + rule.when()
              + ") matched");
      return;
    }
    if (step.status == StepStatus.FAILED && failsRunAtOnce(step)) {
      stop(StopKind.FAIL_FAST, failureMessage(step));
    }
  }

  /** The index of the first matching rule if its action is abort. */
  private Optional<Integer> abortingRule(StepState step) {
    List<OnResultRule> rules = step.step.onResult();
    for (int i = 0; i < rules.size(); i++) {
      OnResultRule rule = rules.get(i);
      boolean matches;
      try {
        matches = Condition.parse(rule.when()).evaluate(context(step, null), step.id());
      } catch (ConditionException | TemplateException e) {
        log.warn(
            "pipeline={} step={} status={} on_result rule {} cannot be evaluated: {}",
            pipeline.name(),
            step.id(),
            step.status.wireName(),
            i + 1,
            e.getMessage());
        continue;
      }
      if (matches) {
        return rule.action() == OnResultRule.Action.ABORT ? Optional.of(i) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Whether this failure triggers the run's fail-fast: the run policy is {@code fail_fast}, the
   * step does not {@code allow_failure}, and no {@code wait_for_all} join is waiting for it.
   */
  private boolean failsRunAtOnce(StepState step) {
    return pipeline.defaults().onError() == ErrorPolicy.FAIL_FAST
        && !step.step.allowFailure()
        && !waitForAllJoinBranches.contains(step.id());
  }

  // ---- stopping ----

  /** The one cancel-and-drain path: cancel every activity, cancel what never started. */
  private void stop(StopKind kind, String message) {
    if (stop != null) {
      return;
    }
    stop = new Stop(kind, message);
    log.info(
        "pipeline={} step=- status=stopping reason={} detail={}",
        pipeline.name(),
        kind.reason,
        message);
    work.cancel(kind.reason);
    for (StepState step : state.steps()) {
      if (step.isFinal()) {
        continue;
      }
      if (step.tasks != null) {
        for (TaskState task : step.tasks) {
          if (task.status == StepStatus.PENDING) {
            state.taskCancelled(step, task, kind.reason);
          }
        }
        if (step.status != StepStatus.PENDING && step.inFlight == 0) {
          state.fanOutFinished(step, kind.reason);
        }
      }
      if (step.status == StepStatus.PENDING) {
        state.stepCancelled(step, kind.reason);
      }
    }
  }

  private Outcome outcome() {
    if (stop != null) {
      RunStatus status = stop.kind == StopKind.CANCELLED ? RunStatus.CANCELLED : RunStatus.FAILED;
      return new Outcome(status, new ErrorInfo(stop.kind.failureType, stop.message, false));
    }
    if (firstFailure != null) {
      return new Outcome(
          RunStatus.FAILED,
          new ErrorInfo(FailureTypes.PIPELINE_FAILED, failureMessage(firstFailure), false));
    }
    return new Outcome(RunStatus.SUCCEEDED, null);
  }

  private static String failureMessage(StepState step) {
    ErrorInfo error = step.error;
    return "step '"
        + step.id()
        + "' failed: "
        + (error == null ? "unknown error" : error.type() + ": " + error.message());
  }

  // ---- helpers ----

  private ErrorInfo errorOf(StepState step, RuntimeException failure) {
    return AgentFailures.error(
        failure, StepActivityOptions.doNotRetry(step.step.options().retry()));
  }

  private int attemptsOf(StepState step, RuntimeException failure) {
    return AgentFailures.attempts(failure, step.step.options().retry().maxAttempts());
  }

  private static ErrorInfo templateError(RuntimeException e) {
    return new ErrorInfo(FailureTypes.TEMPLATE_ERROR, e.getMessage(), false);
  }

  /**
   * What a step's templates and conditions see: inputs, the steps they can reference as they stand,
   * the task's item.
   */
  private TemplateContext context(StepState step, TaskState task) {
    TemplateContext.Builder builder =
        TemplateContext.builder().runId(state.workflowId()).pipelineName(pipeline.name());
    inputs.forEach(builder::input);
    for (StepState s : visibleTo(step)) {
      builder.step(s.id(), s.status.wireName(), s.isFinal() ? s.effectiveOutput() : null);
    }
    if (task != null) {
      builder.item(task.item, task.index);
    }
    return builder.build();
  }

  /**
   * The steps a step's templates and conditions can reference: its dependencies (every {@code
   * steps.X} in its prompt, {@code with}, {@code for_each}, {@code when} and {@code on_result}),
   * itself ({@code on_result} reads its own result), and whatever its agent's templated fields
   * name. A context of just these renders exactly as one of every step, without costing a pass over
   * all of them per launch; if the agent's templates cannot be read, every step is visible.
   */
  private List<StepState> visibleTo(StepState step) {
    return visible.computeIfAbsent(
        step.id(),
        id -> {
          Set<String> ids = new LinkedHashSet<>(plan.dependencies(id));
          ids.add(id);
          String agentName = step.step.agent().orElse(pipeline.defaults().agent());
          Optional<AgentConfig> agent = pipeline.agent(agentName);
          if (agent.isPresent()) {
            try {
              ids.addAll(AgentConfigs.stepReferences(agent.get()));
            } catch (TemplateException unreadable) {
              return List.copyOf(state.steps());
            }
          }
          return ids.stream().map(state::step).filter(s -> s != null).toList();
        });
  }

  private static String format(Duration duration) {
    return duration.toString().substring(2).toLowerCase();
  }
}
