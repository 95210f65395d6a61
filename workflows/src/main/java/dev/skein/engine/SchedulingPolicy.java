package dev.skein.engine;

import dev.skein.model.Mode;
import dev.skein.plan.Plan;
import java.util.List;

/**
 * Decides which steps the dispatcher may release now. Levels and dataflow mode differ only here;
 * the dispatcher loop, caps, events and results are the same.
 *
 * <p>A policy follows the run through {@link RunState#finished()} from its own cursor, so one call
 * costs what changed since the last, not a pass over every step.
 */
interface SchedulingPolicy {

  /**
   * Steps that may start now, in declaration order: still pending, not yet released, and allowed by
   * the policy.
   */
  List<StepState> releasable();

  static SchedulingPolicy of(Mode mode, Plan plan, RunState state) {
    return mode == Mode.DATAFLOW ? new DataflowPolicy(plan, state) : new LevelsPolicy(plan, state);
  }
}
