package dev.skein.engine;

import dev.skein.model.Mode;
import dev.skein.plan.Plan;
import java.util.Collection;
import java.util.List;

/**
 * Decides which steps the dispatcher may release now. Levels and dataflow mode differ only here;
 * the dispatcher loop, caps, events and results are the same.
 */
interface SchedulingPolicy {

  /**
   * Steps that may start now, in declaration order: still pending, not yet released, and allowed by
   * the policy.
   *
   * @param steps every step of the run, in declaration order
   */
  List<StepState> releasable(Collection<StepState> steps);

  static SchedulingPolicy of(Mode mode, Plan plan) {
    return mode == Mode.DATAFLOW ? new DataflowPolicy(plan) : new LevelsPolicy(plan);
  }
}
