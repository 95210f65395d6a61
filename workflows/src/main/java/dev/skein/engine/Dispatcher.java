package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.condition.Condition;
import dev.skein.condition.ConditionException;
import dev.skein.contract.AgentResult;
import dev.skein.contract.FailureTypes;
import dev.skein.model.Pipeline;
import dev.skein.model.StepOptions;
import dev.skein.output.OutputValue;
import dev.skein.parse.InputProblems;
import dev.skein.plan.Plan;
import dev.skein.run.ErrorInfo;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskCounts;
import dev.skein.template.TemplateException;
import dev.skein.template.Templates;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * The one loop that runs a pipeline: keep up to the caps in flight, wait until something completes,
 * record each completion the moment it arrives, ask the {@link SchedulingPolicy} what may start,
 * launch it. Joins, {@code when} skips and skip propagation are resolved here without an agent.
 *
 * <p>Every piece of work runs in a child of one work {@link CancellationScope}. Fail-fast, an
 * {@code on_result} abort, the run timeout and an external cancellation all end in {@link #stop}:
 * cancel that scope, mark what never started {@code cancelled}, then drain what is in flight.
 *
 * <p>Versioning: commands this loop issues (which activities, child workflows or timers, their
 * order and options) are part of the shipped shape; a change goes behind {@link EngineVersion}, and
 * the recorded histories in the replay tests must still replay.
 */
final class Dispatcher {

  private static final Logger log = Workflow.getLogger(Dispatcher.class);

  /**
   * How a run ended, for {@link AgentPipelineImpl} to turn into a result or a failure; or, with
   * {@code continued} set, the state its next execution goes on from.
   */
  record Outcome(RunStatus status, ErrorInfo error, CarriedRun continued) {
    Outcome(RunStatus status, ErrorInfo error) {
      this(status, error, null);
    }
  }

  private record Stop(StopKind kind, String message) {}

  private final Pipeline pipeline;
  private final Plan plan;
  private final RunState state;
  private final SchedulingPolicy policy;
  private final Contexts contexts;
  private final ErrorRules rules;
  private final OutputLoader loader;
  private final Launcher launcher;
  private final Completions<Work> completions = new Completions<>();

  private final JsonNode document;
  private final int version;
  private final CarriedRun carried;

  /** What a retry may take from the run it resumes; null for a run that is not a retry. */
  private final Reuse reuse;

  /** The run's history is too large to start more work before it continues as new. */
  private boolean draining;

  private boolean continuing;

  /** Output bytes kept inline by workers without storage: they all end up in the run's result. */
  private long inlineOnlyBytes;

  /** Past this, a result of inline outputs would not fit Temporal's 2 MB payload limit. */
  static final long INLINE_RESULT_BUDGET = 1_500_000;

  /** Work in flight, and the agent slots it holds. */
  private final Set<Work> inFlight = new LinkedHashSet<>();

  private int slotsInUse;

  /** Released steps that may still have work to launch, by declaration order. */
  private final TreeMap<Integer, StepState> launchable = new TreeMap<>();

  private CancellationScope work;
  private Promise<Void> deadline;
  private Stop stop;
  private StepState firstFailure;

  private final BudgetGuard budgets;

  /** The last gate of each step or task ({@link Gate#key}), open or ended: what decisions find. */
  private final java.util.Map<String, Gate> gates = new java.util.HashMap<>();

  /** Gates open now; the run is marked waiting while there is one. */
  private int openGates;

  private RunSearchAttributes attributes;

  /** The run's budget is used up: nothing starts; the run stops once nothing is in flight. */
  private BudgetGuard.Refusal runHold;

  /**
   * @param document the pipeline as the run received it (children of large fan-outs parse it again)
   * @param version the run's {@link EngineVersion}
   */
  Dispatcher(
      Pipeline pipeline,
      JsonNode document,
      Plan plan,
      RunState state,
      java.util.Map<String, JsonNode> inputs,
      int version,
      CarriedRun carried,
      Reuse reuse) {
    this.pipeline = pipeline;
    this.reuse = reuse;
    this.document = document;
    this.version = version;
    this.carried = carried;
    this.plan = plan;
    this.state = state;
    this.policy = SchedulingPolicy.of(pipeline.mode(), plan, state);
    this.loader = new OutputLoader(Workflow.getInfo().getTaskQueue());
    this.contexts = new Contexts(pipeline, plan, state, inputs, loader);
    this.rules = new ErrorRules(pipeline);
    this.launcher = new Launcher(pipeline, state.workflowId(), state.runId(), version);
    this.budgets =
        new BudgetGuard(pipeline.budgets(), carried == null ? null : carried.budgetRaised());
  }

  /** Where the run marks itself waiting while a gate is open. */
  void attributes(RunSearchAttributes attributes) {
    this.attributes = attributes;
  }

  Outcome run() {
    long deadlineMillis = restoreOrStart();
    // The deadline lives in the workflow's root scope, outside the work scope it cancels.
    if (deadlineMillis > 0) {
      deadline =
          Workflow.newTimer(
              Duration.ofMillis(Math.max(1, deadlineMillis - Workflow.currentTimeMillis())));
    }
    work = Workflow.newCancellationScope(this::dispatch);
    work.run();
    if (continuing) {
      return new Outcome(RunStatus.RUNNING, null, carryOver(deadlineMillis));
    }
    if (!inFlight.isEmpty()) {
      // Detached: after an external cancellation the root scope is cancelled, but the cancelled
      // agents must still be awaited so the records say how each one ended.
      Workflow.newDetachedCancellationScope(this::drain).run();
    }
    for (StepState s : state.steps()) {
      if (!s.isFinal()) {
        cancelUnfinished(s, stop == null ? "cancelled" : stop.kind.reason);
      }
    }
    return outcome();
  }

  /** What the next execution goes on from, once every update in progress has answered. */
  private CarriedRun carryOver(long deadlineMillis) {
    List<CarriedRun.Gate> open = null;
    if (version >= EngineVersion.GATES_CARRIED) {
      // A decision that arrives now is not taken in here: it travels with its gate (decide).
      Workflow.await(Workflow::isEveryHandlerFinished);
      open = inFlight.stream().map(w -> ((Work.Wait) w).gate().carried()).toList();
    }
    return state.carried(
        deadlineMillis,
        firstFailure == null ? null : firstFailure.id(),
        carried == null ? 2 : carried.executions() + 1,
        budgets.raised(),
        open);
  }

  /**
   * A new run starts its clock; a continued one takes back where its last execution stopped.
   * Returns the deadline in workflow time, 0 without a timeout.
   */
  private long restoreOrStart() {
    if (carried == null) {
      state.runStarted();
      return pipeline.timeout().map(t -> Workflow.currentTimeMillis() + t.toMillis()).orElse(0L);
    }
    for (StepState s : state.steps()) {
      if (s.released && !s.isFinal()) {
        launchable.put(s.order, s);
      }
      if (s.step.isFanOut() && s.expanded && !s.isFinal() && ShardedFanOut.needed(s.tasks.size())) {
        CarriedRun.Step c =
            carried.steps().stream().filter(x -> x.id().equals(s.id())).findFirst().orElseThrow();
        s.shards = new ShardedFanOut(s, c.shards());
      }
    }
    if (carried.firstFailure() != null) {
      firstFailure = state.step(carried.firstFailure());
    }
    return carried.deadlineMillis();
  }

  // ---- the loop ----

  private void dispatch() {
    reopenCarriedGates();
    while (true) {
      if (continueAsNewNow()) {
        continuing = true;
        return;
      }
      advance();
      if (runHold != null && stop == null && inFlight.isEmpty()) {
        stop(StopKind.BUDGET, runHold.error().message());
        return;
      }
      if (stop != null || inFlight.isEmpty()) {
        return;
      }
      state.publishDetails();
      if (!awaitSomething()) {
        stop(StopKind.CANCELLED, "the run was cancelled");
        return;
      }
      handleCompletions();
      if (stop != null) {
        return;
      }
      if (work.isCancelRequested()) {
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

  /**
   * The gates the previous execution left waiting, in the work scope as their first opening was.
   */
  private void reopenCarriedGates() {
    if (carried == null || carried.gates() == null) {
      return;
    }
    for (CarriedRun.Gate c : carried.gates()) {
      StepState step = state.step(c.step());
      TaskState task = c.task() == null ? null : step.tasks.get(c.task());
      openGate(Gate.restored(step, task, c), false);
    }
  }

  /** Waits for a completion, a cancel request or the deadline; false when cancelled. */
  private boolean awaitSomething() {
    try {
      Workflow.await(
          () ->
              !completions.isEmpty()
                  || work.isCancelRequested()
                  || (deadline != null && deadline.isCompleted()));
      return true;
    } catch (CanceledFailure cancelled) {
      return false;
    }
  }

  private void drain() {
    while (!inFlight.isEmpty()) {
      state.publishDetails();
      Workflow.await(() -> !completions.isEmpty());
      handleCompletions();
    }
  }

  /**
   * The history is large, nothing is in flight and work remains: the run goes on in a new
   * execution, its records carried over (outputs as the references they are).
   */
  private boolean continueAsNewNow() {
    if (version < EngineVersion.SHARDS || stop != null || !onlyGatesWait()) {
      return false;
    }
    if (state.finalCount() == state.steps().size()) {
      return false;
    }
    return draining || HistoryBudget.due();
  }

  /**
   * Nothing is in flight but gates waiting for a decision, which (from {@link
   * EngineVersion#GATES_CARRIED} on) the next execution opens again: a gate that waits for weeks
   * does not hold the rest of a large run back.
   */
  private boolean onlyGatesWait() {
    if (inFlight.isEmpty()) {
      return true;
    }
    return version >= EngineVersion.GATES_CARRIED
        && completions.isEmpty()
        && inFlight.stream().allMatch(w -> w instanceof Work.Wait wait && wait.gate().isOpen());
  }

  /** Releases and launches until nothing more can start without a completion. */
  private void advance() {
    if (version >= EngineVersion.SHARDS && !draining && HistoryBudget.exhausted()) {
      // Far past the suggestion with work always in flight: let it finish, then continue.
      draining = true;
      log.info(
          "pipeline={} step=- status=draining history={} events: starting nothing new until the"
              + " run continues as new",
          pipeline.name(),
          Workflow.getInfo().getHistoryLength());
    }
    while (stop == null && !draining) {
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
      Optional<Boolean> run = evaluateWhen(step);
      if (run.isEmpty() || step.isFinal()) {
        return;
      }
      if (!run.get()) {
        state.stepSkipped(step, "condition_false");
        return;
      }
    }
    if (step.step.isJoin()) {
      runJoin(step);
      return;
    }
    if (step.step.isApproval()) {
      openApproval(step);
      return;
    }
    if (step.step.isFanOut()) {
      expand(step);
    }
    if (!step.isFinal()) {
      launchable.put(step.order, step);
    }
  }

  /** The {@code when} condition's value; empty when the step failed (or the run stopped). */
  private Optional<Boolean> evaluateWhen(StepState step) {
    Condition condition;
    try {
      condition = Condition.parse(step.step.when().get());
    } catch (ConditionException e) {
      failWithoutActivity(step, templateError(e));
      return Optional.empty();
    }
    if (!read(step, Contexts.readBy(condition))) {
      return Optional.empty();
    }
    try {
      return Optional.of(condition.evaluate(contexts.of(step, null)));
    } catch (ConditionException | TemplateException e) {
      failWithoutActivity(step, templateError(e));
      return Optional.empty();
    }
  }

  /**
   * Reads the stored outputs of {@code ids} into the workflow before workflow code evaluates them;
   * false when that failed (the step has failed) or the run is being cancelled.
   */
  private boolean read(StepState step, Set<String> ids) {
    var refs = contexts.storedOutputsOf(ids);
    if (refs.isEmpty()) {
      return true;
    }
    OutputLoader.Outcome outcome = loader.load(refs);
    if (outcome instanceof OutputLoader.Outcome.Failed failed) {
      failWithoutActivity(step, failed.error());
      return false;
    }
    if (outcome instanceof OutputLoader.Outcome.Cancelled) {
      return false;
    }
    return true;
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
    List<StepState> branches =
        step.step.join().stream()
            .map(state::step)
            .filter(b -> b.status == StepStatus.SUCCEEDED || b.status == StepStatus.FAILED)
            .toList();
    if (step.step.outputSchema().isPresent()
        && !read(step, new LinkedHashSet<>(step.step.join()))) {
      return;
    }
    Joins.Merged merged = Joins.merge(step, branches, loader.materializer());
    if (merged.error() != null) {
      state.stepFailed(step, merged.error(), 1);
    } else {
      state.stepSucceeded(step, merged.value(), 1);
    }
    afterFinish(step);
  }

  private void expand(StepState step) {
    if (!read(step, Contexts.readBy(step.step.forEach().orElseThrow()))) {
      return;
    }
    JsonNode items;
    try {
      items = Templates.renderValue(step.step.forEach().orElseThrow(), contexts.of(step, null));
    } catch (TemplateException e) {
      failWithoutActivity(step, templateError(e));
      return;
    }
    if (items == null || !items.isArray()) {
      failWithoutActivity(
          step, new ErrorInfo(FailureTypes.TEMPLATE_ERROR, InputProblems.notAList(items), false));
      return;
    }
    int max = step.step.options().maxItems();
    if (items.size() > max) {
      failWithoutActivity(
          step,
          new ErrorInfo(
              FailureTypes.FAN_OUT_TOO_LARGE,
              "for_each rendered "
                  + items.size()
                  + " items; at most "
                  + max
                  + " are allowed per step (max_items, at most "
                  + StepOptions.MAX_ITEMS_LIMIT
                  + ")",
              false));
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      step.tasks.add(new TaskState(i, items.get(i)));
    }
    state.expanded(step);
    if (version >= EngineVersion.SHARDS && ShardedFanOut.needed(items.size())) {
      step.shards = new ShardedFanOut(step, items);
    }
    if (step.tasks.isEmpty()) {
      state.stepStarted(step);
      state.fanOutFinished(step, "cancelled");
      afterFinish(step);
    }
  }

  // ---- launching ----

  /**
   * Launches pending work in declaration order (tasks in input order) while the caps allow. Only
   * released steps with work left are visited, and a fan-out from its first pending task.
   */
  private void launchWithinCaps() {
    if (runHold != null) {
      return;
    }
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
          if (slotsInUse >= runCap) {
            return;
          }
          launch(step, null);
        }
        if (step.status != StepStatus.PENDING) {
          steps.remove();
        }
      } else if (!launchTasks(step, runCap)) {
        return;
      }
      if (stop != null) {
        return;
      }
    }
  }

  /** Launches a fan-out's pending tasks; false when the run-wide cap is reached. */
  private boolean launchTasks(StepState step, int runCap) {
    if (step.shards != null) {
      return launchShards(step, runCap);
    }
    int stepCap = step.step.options().maxConcurrency().orElse(Integer.MAX_VALUE);
    List<TaskState> tasks = step.tasks;
    while (step.nextTask < tasks.size() && tasks.get(step.nextTask).status != StepStatus.PENDING) {
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
      if (slotsInUse >= runCap) {
        return false;
      }
      if (step.inFlight >= stepCap) {
        break;
      }
      launch(step, task);
    }
    return true;
  }

  /** Starts the step's or task's agent; a template that does not render fails it instead. */
  private void launch(StepState step, TaskState task) {
    String override = task == null ? step.promptOverride : task.promptOverride;
    dev.skein.model.Step asked = override == null ? step.step : step.step.withPrompt(override);
    Launcher.Prepared prepared =
        launcher.prepare(
            asked,
            task == null ? null : task.index,
            contexts.source(step, task),
            task == null ? null : task.item);
    if (prepared.error() != null) {
      if (task == null) {
        failWithoutActivity(step, prepared.error());
      } else {
        state.taskFailed(step, task, prepared.error(), 0);
        afterTaskFinished(step, task);
      }
      return;
    }
    if (reused(step, task, prepared.digest())) {
      return;
    }
    if (refusedByBudget(step)) {
      return;
    }
    Launcher.Launch launch = launcher.start(asked, prepared.request());
    if (task == null) {
      state.stepStarted(step);
    } else {
      state.taskStarted(step, task);
    }
    Work.Agent w = new Work.Agent(step, task, launch.scope());
    completions.watch(w, launch.result());
    track(w);
  }

  /**
   * A retry takes the source's output for a step or task asked the same as there; it runs no
   * activity. Records the digest either way.
   */
  private boolean reused(StepState step, TaskState task, String digest) {
    if (task == null) {
      step.requestDigest = digest;
      var found =
          reuse == null
              ? Optional.<dev.skein.resume.ResumeSource.Step>empty()
              : reuse.step(step.id(), digest);
      if (found.isEmpty()) {
        return false;
      }
      state.stepReused(step, found.get().value(), found.get().attempts(), reuse.from());
      afterFinish(step);
      return true;
    }
    task.requestDigest = digest;
    var found =
        reuse == null
            ? Optional.<dev.skein.resume.ResumeSource.Task>empty()
            : reuse.task(step.id(), task.index, digest);
    if (found.isEmpty()) {
      return false;
    }
    state.taskReused(step, task, found.get().value(), found.get().attempts(), reuse.from());
    afterTaskFinished(step, task);
    return true;
  }

  /**
   * Starts children for a sharded fan-out's ranges while the caps allow, each with a share of them;
   * once every range has started, freed slots go to the children still running.
   */
  private boolean launchShards(StepState step, int runCap) {
    ShardedFanOut shards = step.shards;
    int stepCap = step.step.options().maxConcurrency().orElse(Integer.MAX_VALUE);
    int cap = Math.min(runCap, stepCap);
    while (!step.failing
        && !step.isFinal()
        && shards.hasPending()
        && shards.runningCount() < ShardedFanOut.MAX_RUNNING) {
      int free = Math.min(runCap - slotsInUse, stepCap - step.inFlight);
      if (free <= 0) {
        return slotsInUse < runCap;
      }
      if (refusedByBudget(step)) {
        return slotsInUse < runCap && runHold == null;
      }
      startShard(step, shards.start(state.workflowId(), Math.min(shards.share(cap), free)));
    }
    if (!shards.hasPending() && !step.failing) {
      raiseAllotments(step, runCap, stepCap);
    }
    return slotsInUse < runCap;
  }

  private void startShard(StepState step, ShardedFanOut.Range range) {
    ShardInput input =
        new ShardInput(
            state.workflowId(),
            state.runId(),
            document,
            step.id(),
            range.first,
            step.shards.slice(range),
            contexts.forWorker(step, null),
            range.allotment,
            reuse == null ? null : reuse.tasks(step.id(), range.first, range.count),
            reuse == null ? null : reuse.from(),
            version >= EngineVersion.HUMAN ? version : null);
    ChildWorkflowOptions options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(range.workflowId)
            .setTaskQueue(Workflow.getInfo().getTaskQueue())
            .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
            .setStaticSummary(
                step.id()
                    + " · tasks "
                    + range.first
                    + "–"
                    + (range.end() - 1)
                    + " of "
                    + state.pipeline())
            .build();
    FanOutShard child = Workflow.newChildWorkflowStub(FanOutShard.class, options);
    List<Promise<ShardResult>> started = new ArrayList<>(1);
    // Outside the work scope: a child is stopped by a signal and then returns every outcome,
    // where cancelling it would lose the tasks it had finished.
    CancellationScope scope =
        Workflow.newDetachedCancellationScope(() -> started.add(Async.function(child::run, input)));
    scope.run();
    range.child = child;
    range.execution = Workflow.getWorkflowExecution(child);
    state.shardStarted(step, range.first, range.count);
    Work.Shard w = new Work.Shard(step, range, scope);
    completions.watch(w, started.get(0));
    track(w);
  }

  /** Gives slots no new child can use to the step's running children, up to their size. */
  private void raiseAllotments(StepState step, int runCap, int stepCap) {
    int free = Math.min(runCap - slotsInUse, stepCap - step.inFlight);
    List<ShardedFanOut.Range> running = step.shards.running();
    for (int i = 0; i < running.size() && free > 0; i++) {
      ShardedFanOut.Range r = running.get(i);
      int share = (free + (running.size() - i) - 1) / (running.size() - i);
      int raise = Math.min(share, r.count - r.allotment);
      boolean started =
          r.execution != null && r.execution.isCompleted() && r.execution.getFailure() == null;
      if (raise <= 0 || !started) {
        continue;
      }
      r.allotment += raise;
      slotsInUse += raise;
      step.inFlight += raise;
      free -= raise;
      // Best effort: a child that has just finished cannot take it, and needs no more slots.
      Async.procedure(r.child::allot, r.allotment).handle((ok, failure) -> null);
    }
  }

  /** Cancels an agent; asks a child of a large fan-out to stop, so it still reports. */
  private static void cancel(Work w, String reason) {
    if (w instanceof Work.Wait wait) {
      wait.gate().finish(new Gate.End(null, false, reason, RunState.now()));
    } else if (w instanceof Work.Shard shard) {
      FanOutShard child = shard.range().child;
      // Detached: when the run itself is being cancelled, the signal must still go out.
      Workflow.newDetachedCancellationScope(
              () -> Async.procedure(() -> child.stop(reason)).handle((ok, failure) -> null))
          .run();
    } else {
      w.scope().cancel(reason);
    }
  }

  private void track(Work w) {
    inFlight.add(w);
    slotsInUse += w.slots();
    w.step().inFlight += w.slots();
  }

  private void untrack(Work w) {
    inFlight.remove(w);
    slotsInUse -= w.slots();
    w.step().inFlight -= w.slots();
  }

  // ---- completions ----

  /** Records every completion that has arrived, in the order it arrived. */
  private void handleCompletions() {
    Completions.Done<Work> done;
    while ((done = completions.poll()) != null) {
      Work w = done.work();
      untrack(w);
      if (w instanceof Work.Agent agent) {
        if (agent.task() == null) {
          completeStep(agent.step(), done);
        } else {
          completeTask(agent.step(), agent.task(), done);
        }
      } else if (w instanceof Work.Shard shard) {
        completeShard(shard, done);
      } else if (w instanceof Work.Wait wait) {
        completeGate(wait.gate());
      }
      if (budgets.any() && stop == null) {
        budgets.usedUp(w.step(), state.steps()).ifPresent(r -> onBudget(w.step(), r));
      }
    }
  }

  // ---- budgets ----

  /** Whether a budget refuses one more call of {@code step}; if so the step or the run stops. */
  private boolean refusedByBudget(StepState step) {
    if (!budgets.any()) {
      return false;
    }
    Optional<BudgetGuard.Refusal> refusal = budgets.beforeLaunch(step, state.steps(), slotsInUse);
    refusal.ifPresent(r -> onBudget(step, r));
    return refusal.isPresent();
  }

  /**
   * A budget is used up. The run's: nothing more starts, and the run fails once the calls in flight
   * end ({@code on_budget: stop}) or at once, cancelling them ({@code cancel}). A step's: its
   * remaining tasks never start, and it fails once its calls in flight end.
   */
  private void onBudget(StepState step, BudgetGuard.Refusal refusal) {
    if (refusal.runWide()) {
      if (runHold == null) {
        runHold = refusal;
        log.info(
            "pipeline={} step=- status=holding reason=budget detail={}",
            pipeline.name(),
            refusal.error().message());
      }
      if (refusal.cancelInFlight() || inFlight.isEmpty()) {
        stop(StopKind.BUDGET, refusal.error().message());
      }
      return;
    }
    if (step.isFinal() || step.overBudget != null) {
      return; // a plain step's one call spent more than its budget: it still did its work
    }
    if (step.tasks == null) {
      failWithoutActivity(step, refusal.error());
      return;
    }
    step.overBudget = refusal.error();
    step.failing = true;
    cancelPendingTasks(step, StopKind.BUDGET.reason);
    if (refusal.cancelInFlight()) {
      for (Work w : inFlight) {
        if (w.step() == step) {
          cancel(w, StopKind.BUDGET.reason);
        }
      }
    }
    if (step.inFlight == 0 && (step.shards == null || step.shards.idle())) {
      state.fanOutFinished(step, StopKind.BUDGET.reason, step.overBudget);
      afterFinish(step);
    }
  }

  /** The run's budget now and what it has spent, for the {@code budget} update. */
  BudgetView budgetView() {
    Optional<dev.skein.model.Budget> run = budgets.runBudget();
    return new BudgetView(
        run.flatMap(dev.skein.model.Budget::maxCostUsd).orElse(null),
        run.flatMap(dev.skein.model.Budget::maxTokens).orElse(null),
        BudgetGuard.spent(state.steps()));
  }

  /** Why the run's budget cannot be raised now, if it cannot: the update's validator says so. */
  Optional<String> whyNotRaise(BudgetRaise raise) {
    Optional<dev.skein.model.Budget> run = budgets.runBudget();
    if (run.isEmpty()) {
      return Optional.of("the run has no budget to raise: its pipeline sets no top-level 'budget'");
    }
    if (raise.addUsd() > 0 && run.get().maxCostUsd().isEmpty()) {
      return Optional.of("the run's budget has no max_cost_usd to raise");
    }
    if (raise.addTokens() > 0 && run.get().maxTokens().isEmpty()) {
      return Optional.of("the run's budget has no max_tokens to raise");
    }
    if (stop != null) {
      return Optional.of(
          "the run has stopped (" + stop.kind.reason + "); a larger budget cannot restart it");
    }
    return Optional.empty();
  }

  /** Raises the run's budget; a run waiting for its calls to drain goes on if it now fits. */
  BudgetView raiseBudget(BudgetRaise raise) {
    budgets.raise(raise);
    if (runHold != null && budgets.runUsedUp(state.steps()).isEmpty()) {
      runHold = null;
      log.info("pipeline={} step=- status=resuming reason=budget_raised", pipeline.name());
    }
    return budgetView();
  }

  /** A child of a large fan-out ended: take in its tasks, and what it could not run. */
  private void completeShard(Work.Shard w, Completions.Done<Work> done) {
    StepState step = w.step();
    ShardedFanOut.Range range = w.range();
    int failuresShown = 0;
    TaskState firstFailed = null;
    if (done.failure() == null) {
      ShardResult result = (ShardResult) done.result();
      for (TaskOutcome o : result.tasks()) {
        if (o.index() < range.first || o.index() >= range.end()) {
          continue;
        }
        TaskState task = step.tasks.get(o.index());
        if (!task.status.isFinal() && o.status() != null && o.status().isFinal()) {
          report(step, task, o);
          if (task.status == StepStatus.FAILED) {
            firstFailed = firstFailed == null ? task : firstFailed;
            if (failuresShown++ < 20) {
              state.taskFailureEvent(step, task);
            }
          }
        }
      }
      int next = result.next() == null ? range.end() : result.next();
      List<TaskState> notRun = new ArrayList<>();
      for (int i = Math.max(range.first, next); i < range.end(); i++) {
        TaskState task = step.tasks.get(i);
        if (!task.status.isFinal()) {
          state.taskBackToPending(step, task);
          notRun.add(task);
        }
      }
      if (!notRun.isEmpty()) {
        if (step.failing || stop != null || step.isFinal()) {
          cancelPendingTasks(step, stop == null ? "fail_fast" : stop.kind.reason);
        } else {
          step.shards.requeue(next, range.end());
        }
      }
    } else {
      boolean cancelled = AgentFailures.isCancellation(done.failure());
      ErrorInfo error =
          new ErrorInfo(
              FailureTypes.AGENT_FAILED,
              "the child workflow "
                  + range.workflowId
                  + " running tasks "
                  + range.first
                  + "–"
                  + (range.end() - 1)
                  + " ended without reporting: "
                  + done.failure().getMessage(),
              false);
      for (int i = range.first; i < range.end(); i++) {
        TaskState task = step.tasks.get(i);
        if (!task.status.isFinal()) {
          state.taskReported(
              step,
              task,
              cancelled ? StepStatus.CANCELLED : StepStatus.FAILED,
              null,
              cancelled ? null : error,
              0,
              null,
              null);
          if (!cancelled && firstFailed == null) {
            firstFailed = task;
          }
        }
      }
    }
    TaskCounts counts = countsOf(step, range);
    step.shards.finished(
        range,
        counts.failed() > 0
            ? "failed"
            : counts.succeeded() == range.count ? "succeeded" : "cancelled",
        counts);
    state.shardProgress(
        step,
        "tasks "
            + range.first
            + "–"
            + (range.end() - 1)
            + ": "
            + counts.succeeded()
            + " succeeded, "
            + counts.failed()
            + " failed, "
            + counts.cancelled()
            + " cancelled");
    if (firstFailed != null) {
      afterTaskFinished(step, firstFailed);
    } else if (!step.isFinal() && step.finalTasks() == step.tasks.size() && step.shards.idle()) {
      state.fanOutFinished(step, stop == null ? "cancelled" : stop.kind.reason, step.overBudget);
      afterFinish(step);
    }
  }

  private void report(StepState step, TaskState task, TaskOutcome o) {
    state.taskReported(
        step,
        task,
        o.status(),
        o.value(),
        o.error(),
        o.attempts(),
        o.launchedAt(),
        o.completedAt());
    task.requestDigest = o.requestDigest();
    task.reusedFrom = o.reusedFrom();
    task.failures = o.failures();
    state.spent(step, task, o.usage());
  }

  private static TaskCounts countsOf(StepState step, ShardedFanOut.Range range) {
    int succeeded = 0;
    int failed = 0;
    int cancelled = 0;
    for (int i = range.first; i < range.end(); i++) {
      switch (step.tasks.get(i).status) {
        case SUCCEEDED -> succeeded++;
        case FAILED -> failed++;
        case CANCELLED, SKIPPED -> cancelled++;
        default -> {}
      }
    }
    int open = range.count - succeeded - failed - cancelled;
    return new TaskCounts(range.count, open, 0, succeeded, failed, cancelled);
  }

  private void completeStep(StepState step, Completions.Done<Work> done) {
    if (done.failure() == null) {
      AgentResult r = (AgentResult) done.result();
      step.failures = r.failures();
      state.stepSucceeded(step, valueOf(r), r.attempt());
      state.spent(step, null, r.usage());
      if (overInlineBudget(r)) {
        return;
      }
    } else if (AgentFailures.isCancellation(done.failure())) {
      state.spent(step, null, AgentFailures.usage(done.failure()));
      state.stepCancelled(step, stop == null ? "cancelled" : stop.kind.reason);
      return;
    } else {
      state.spent(step, null, AgentFailures.usage(done.failure()));
      ErrorInfo error = errorOf(step, done.failure());
      int attempts = attemptsOf(step, done.failure());
      step.failures = AgentFailures.failures(done.failure(), error, attempts);
      if (pauses(step)) {
        openGate(Gate.pause(step, null, error, attempts));
        return;
      }
      state.stepFailed(step, error, attempts);
    }
    afterFinish(step);
  }

  private void completeTask(StepState step, TaskState task, Completions.Done<Work> done) {
    if (done.failure() == null) {
      AgentResult r = (AgentResult) done.result();
      task.failures = r.failures();
      state.taskSucceeded(step, task, valueOf(r), r.attempt());
      state.spent(step, task, r.usage());
      overInlineBudget(r);
    } else if (AgentFailures.isCancellation(done.failure())) {
      state.spent(step, task, AgentFailures.usage(done.failure()));
      state.taskCancelled(step, task, stop == null ? "fail_fast" : stop.kind.reason);
    } else {
      state.spent(step, task, AgentFailures.usage(done.failure()));
      ErrorInfo error = errorOf(step, done.failure());
      int attempts = attemptsOf(step, done.failure());
      task.failures = AgentFailures.failures(done.failure(), error, attempts);
      if (pauses(step)) {
        openGate(Gate.pause(step, task, error, attempts));
        return;
      }
      state.taskFailed(step, task, error, attempts);
    }
    afterTaskFinished(step, task);
  }

  /**
   * Without storage every output stays in the run's result; stop as soon as it could no longer fit,
   * with an error that names the limit, rather than be terminated by the service at the end.
   */
  private boolean overInlineBudget(AgentResult r) {
    if (version < EngineVersion.SHARDS || !Boolean.TRUE.equals(r.inlineOnly()) || stop != null) {
      return false;
    }
    inlineOnlyBytes += r.output() == null ? 0 : r.output().length();
    if (inlineOnlyBytes <= INLINE_RESULT_BUDGET) {
      return false;
    }
    stop(
        StopKind.HISTORY_LIMIT,
        "the run's outputs ("
            + inlineOnlyBytes
            + " characters so far) no longer fit Temporal's 2 MB payload limit for its result,"
            + " because the workers have no storage to keep them outside history; configure"
            + " storage on the workers (--storage fs or s3)");
    return true;
  }

  static OutputValue valueOf(AgentResult result) {
    return result.outputRef() != null
        ? OutputValue.stored(result.outputRef())
        : OutputValue.inline(result.output());
  }

  /**
   * A failed task under the step's {@code fail_fast} cancels its siblings; if the failure also
   * fails the run, the step fails at once and the run stops (the drain cancels the siblings).
   */
  private void afterTaskFinished(StepState step, TaskState task) {
    if (task.status == StepStatus.FAILED
        && stop == null
        && !step.failing
        && ErrorRules.stopsSiblings(step)) {
      step.failing = true;
      if (rules.failsRunAtOnce(step)) {
        state.stepFailed(step, RunState.taskError(task), task.attempts);
        afterFinish(step);
        return;
      }
      for (Work w : inFlight) {
        if (w.step() == step) {
          cancel(w, "fail_fast");
        }
      }
      cancelPendingTasks(step, "fail_fast");
    }
    if (!step.isFinal()
        && step.finalTasks() == step.tasks.size()
        && (step.shards == null || step.shards.idle())) {
      state.fanOutFinished(step, stop == null ? "cancelled" : stop.kind.reason, step.overBudget);
      afterFinish(step);
    }
  }

  /** Cancels the tasks that never started; a large fan-out gets one event for all of them. */
  private void cancelPendingTasks(StepState step, String reason) {
    if (step.shards != null) {
      step.shards.dropPending();
    }
    List<TaskState> pending = new ArrayList<>();
    for (TaskState task : step.tasks) {
      if (task.status == StepStatus.PENDING) {
        pending.add(task);
      }
    }
    if (pending.size() > BULK_CANCEL) {
      state.tasksCancelled(step, pending, reason);
    } else {
      pending.forEach(task -> state.taskCancelled(step, task, reason));
    }
  }

  /** Past this many tasks, cancelling them is one event rather than one each. */
  private static final int BULK_CANCEL = 50;

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
    if (!step.step.onResult().isEmpty() && read(step, Contexts.readByRules(step))) {
      Optional<String> abort = rules.abort(step, contexts.of(step, null));
      if (abort.isPresent()) {
        stop(StopKind.ABORTED, abort.get());
        return;
      }
    }
    if (step.status == StepStatus.FAILED && rules.failsRunAtOnce(step)) {
      stop(StopKind.FAIL_FAST, ErrorRules.failureMessage(step));
    }
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
    for (Work w : inFlight) {
      if (w instanceof Work.Shard || w instanceof Work.Wait) {
        cancel(w, kind.reason);
      }
    }
    for (StepState step : state.steps()) {
      if (step.tasks != null) {
        // A fan-out that failed at once still has tasks that never started: none stays pending.
        cancelPendingTasks(step, kind.reason);
      }
      if (step.isFinal()) {
        continue;
      }
      if (step.tasks != null
          && step.status != StepStatus.PENDING
          && step.inFlight == 0
          && step.gates.isEmpty()) {
        state.fanOutFinished(step, kind.reason);
      }
      if (step.status == StepStatus.PENDING) {
        state.stepCancelled(step, kind.reason);
      }
    }
  }

  /** After the drain: nothing may stay pending or running in a finished run. */
  private void cancelUnfinished(StepState step, String reason) {
    if (step.tasks != null) {
      cancelPendingTasks(step, reason);
      if (step.expanded && step.status != StepStatus.PENDING) {
        state.fanOutFinished(step, reason);
        return;
      }
    }
    state.stepCancelled(step, reason);
  }

  private Outcome outcome() {
    if (stop != null) {
      RunStatus status = stop.kind == StopKind.CANCELLED ? RunStatus.CANCELLED : RunStatus.FAILED;
      return new Outcome(status, new ErrorInfo(stop.kind.failureType, stop.message, false));
    }
    if (firstFailure != null) {
      return new Outcome(
          RunStatus.FAILED,
          new ErrorInfo(
              FailureTypes.PIPELINE_FAILED, ErrorRules.failureMessage(firstFailure), false));
    }
    return new Outcome(RunStatus.SUCCEEDED, null);
  }

  // ---- gates: approvals and paused failures ----

  /** A failure of this step or task waits for a decision instead of ending it. */
  private boolean pauses(StepState step) {
    return step.step.pausesOnError() && stop == null && !step.failing;
  }

  /** Renders the approval's prompt, then waits for a person. */
  private void openApproval(StepState step) {
    String template = step.step.prompt().orElse("");
    if (!read(step, Contexts.readBy(template))) {
      return;
    }
    String prompt;
    try {
      prompt = Templates.render(template, contexts.of(step, null));
    } catch (TemplateException e) {
      failWithoutActivity(step, templateError(e));
      return;
    }
    state.stepStarted(step);
    openGate(
        Gate.approval(
            step,
            prompt,
            step.step.approval().flatMap(dev.skein.model.Approval::timeout).orElse(null)));
  }

  private void openGate(Gate gate) {
    openGate(gate, true);
  }

  /** {@code announce} is false for a gate carried from the previous execution, announced there. */
  private void openGate(Gate gate, boolean announce) {
    gates.put(gate.key(), gate);
    gate.step.gates.add(gate);
    Work.Wait w = new Work.Wait(gate.step, gate);
    completions.watch(w, gate.ended);
    track(w);
    if (announce) {
      state.gateEvent(
          gate.step,
          gate.task,
          "waiting for a decision (" + String.join(", ", gate.accepts()) + "): " + gate.prompt);
    }
    if (openGates++ == 0 && attributes != null) {
      attributes.waiting(true);
    }
  }

  /** A gate ended: the decision (or timeout, or stop) takes effect on its step or task. */
  private void completeGate(Gate gate) {
    StepState step = gate.step;
    TaskState task = gate.task;
    step.gates.remove(gate);
    if (--openGates == 0 && attributes != null && stop == null) {
      attributes.waiting(false);
    }
    Gate.End end = gate.end;
    try {
      boolean retry = end.decision() != null && end.decision().action().equals(Decision.RETRY);
      if (end.cancelled() != null || (stop != null && (end.decision() == null || retry))) {
        String reason = end.cancelled() != null ? end.cancelled() : stop.kind.reason;
        if (task == null) {
          state.stepCancelled(step, reason);
        } else {
          state.taskCancelled(step, task, reason);
          afterTaskFinished(step, task);
        }
      } else if (gate.kind.equals(dev.skein.run.GateRecord.APPROVAL)) {
        approvalEnded(gate, end);
      } else {
        pauseEnded(gate, end);
      }
    } finally {
      gate.handled = true;
    }
  }

  private void approvalEnded(Gate gate, Gate.End end) {
    StepState step = gate.step;
    dev.skein.model.Approval approval = step.step.approval().orElseThrow();
    String action;
    if (end.timedOut()) {
      if (approval.onTimeout() == dev.skein.model.Approval.OnTimeout.FAIL) {
        state.gateEvent(step, null, "no decision before the approval's timeout");
        failWithoutActivity(
            step,
            new ErrorInfo(
                FailureTypes.APPROVAL_TIMEOUT,
                "no decision within the approval's timeout of "
                    + format(approval.timeout().orElseThrow()),
                false));
        return;
      }
      action =
          approval.onTimeout() == dev.skein.model.Approval.OnTimeout.APPROVE
              ? Decision.APPROVE
              : Decision.REJECT;
    } else {
      action = end.decision().action();
    }
    OutputValue output = OutputValue.inline(ApprovalOutput.of(action, end).toString());
    if (action.equals(Decision.APPROVE)) {
      state.stepSucceeded(step, output, 1);
      afterFinish(step);
      return;
    }
    step.value = output;
    if (approval.onReject() == dev.skein.model.Approval.OnReject.SKIP) {
      state.stepSkipped(step, "rejected");
      return;
    }
    state.stepFailed(
        step, new ErrorInfo(FailureTypes.REJECTED, ApprovalOutput.rejection(end), false), 1);
    afterFinish(step);
  }

  private void pauseEnded(Gate gate, Gate.End end) {
    StepState step = gate.step;
    TaskState task = gate.task;
    String action = end.timedOut() ? Decision.FAIL : end.decision().action();
    if (end.timedOut()) {
      state.gateEvent(step, task, "no decision before pause_timeout: the failure stands");
    }
    switch (action) {
      case Decision.RETRY -> {
        String prompt = end.decision().prompt();
        if (task == null) {
          // The step waits for a slot again, under the run's cap, as it did the first time.
          step.promptOverride = prompt == null ? step.promptOverride : prompt;
          state.stepBackToPending(step);
          launchable.put(step.order, step);
        } else {
          // The task waits for a slot again, under the same caps as its siblings.
          task.promptOverride = prompt == null ? task.promptOverride : prompt;
          state.taskBackToPending(step, task);
          step.nextTask = Math.min(step.nextTask, task.index);
          launchable.put(step.order, step);
        }
      }
      case Decision.SKIP -> {
        String text = end.decision().output();
        if (task != null) {
          state.taskSucceeded(step, task, OutputValue.inline(text == null ? "" : text), 0);
          afterTaskFinished(step, task);
        } else if (text != null) {
          state.stepSucceeded(step, OutputValue.inline(text), gate.attempts);
          afterFinish(step);
        } else {
          state.stepSkipped(step, "skipped_by_decision");
        }
      }
      default -> {
        if (task != null) {
          state.taskFailed(step, task, gate.error, gate.attempts);
          afterTaskFinished(step, task);
        } else {
          state.stepFailed(step, gate.error, gate.attempts);
          afterFinish(step);
        }
      }
    }
  }

  /** Why {@code decision} cannot be taken now, if it cannot: the update's validator says so. */
  Optional<String> whyNotDecide(Decision d) {
    if (d == null || d.step() == null || d.step().isBlank()) {
      return Optional.of("say which step: a decision needs 'step' (and 'task' for a fan-out task)");
    }
    List<String> actions = new ArrayList<>(Decision.APPROVAL_ACTIONS);
    actions.addAll(Decision.PAUSE_ACTIONS);
    if (d.action() == null || !actions.contains(d.action())) {
      return Optional.of(
          "unknown decision '"
              + d.action()
              + "': one of "
              + String.join(", ", actions)
              + " (approve and reject for an approval step; retry, skip and fail for a paused"
              + " failure)");
    }
    StepState step = state.step(d.step());
    if (step == null) {
      List<String> ids = state.steps().stream().map(StepState::id).limit(20).toList();
      return Optional.of(
          "the run has no step '" + d.step() + "' (steps: " + String.join(", ", ids) + ")");
    }
    if (d.task() != null && (step.tasks == null || d.task() < 0 || d.task() >= step.tasks.size())) {
      return Optional.of(
          step.tasks == null
              ? "step '" + d.step() + "' is not a fan-out: it has no task " + d.task()
              : "step '"
                  + d.step()
                  + "' has no task "
                  + d.task()
                  + (step.expanded
                      ? " (it has " + step.tasks.size() + " tasks)"
                      : " (its items are not known yet)"));
    }
    if (stop != null) {
      return Optional.of("the run is stopping (" + stop.kind.reason + "): nothing waits any more");
    }
    Gate gate = gates.get(Gate.key(d.step(), d.task()));
    if (gate == null) {
      String waitingTasks =
          step.gates.stream()
              .filter(g -> g.task != null)
              .map(g -> d.step() + "#" + g.task.index)
              .collect(java.util.stream.Collectors.joining(", "));
      return Optional.of(
          !waitingTasks.isEmpty() && d.task() == null
              ? "step '"
                  + d.step()
                  + "' does not wait itself; its tasks do: name one, "
                  + waitingTasks
              : "'"
                  + d.label()
                  + "' is not waiting for a decision (it is "
                  + (d.task() == null ? step.status : step.tasks.get(d.task()).status).wireName()
                  + ")");
    }
    if (!gate.isOpen()) {
      return Optional.of(
          (gate.end.decision() != null
                  ? "'" + d.label() + "' was already decided: "
                  : "'" + d.label() + "' no longer waits: ")
              + gate.howItEnded());
    }
    if (!gate.accepts().contains(d.action())) {
      return Optional.of(
          "'"
              + d.label()
              + "' "
              + (gate.kind.equals(dev.skein.run.GateRecord.APPROVAL)
                  ? "is an approval"
                  : "is a paused failure")
              + ": it takes "
              + String.join(", ", gate.accepts())
              + ", not "
              + d.action());
    }
    if (d.prompt() != null && !d.action().equals(Decision.RETRY)) {
      return Optional.of("a replacement prompt goes with retry, not " + d.action());
    }
    if (d.output() != null && !d.action().equals(Decision.SKIP)) {
      return Optional.of("a substitute output goes with skip, not " + d.action());
    }
    return Optional.empty();
  }

  /**
   * Takes a decision the validator accepted; answers once the dispatcher has taken it in, with the
   * step's record as it then stands.
   */
  dev.skein.run.StepRecord decide(Decision d) {
    Gate gate = gates.get(Gate.key(d.step(), d.task()));
    gate.finish(new Gate.End(d, false, null, RunState.now()));
    // As the run continues as new, the decision goes with its gate to the next execution, which
    // takes it in first; the answer is then the record as it stands, still waiting.
    Workflow.await(() -> gate.handled || continuing);
    return gate.step.record(dev.skein.run.ProgressQuery.LEAN);
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

  private static String format(Duration duration) {
    return duration.toString().substring(2).toLowerCase();
  }
}
