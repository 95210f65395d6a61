package dev.skein.engine;

import io.temporal.workflow.CancellationScope;

/**
 * Something the dispatcher has in flight, in its own cancellation scope so a fan-out can cancel
 * just its own work: one agent activity, or one child workflow running a range of a large fan-out.
 */
sealed interface Work {

  StepState step();

  CancellationScope scope();

  /** How many agent slots it holds against the caps. */
  int slots();

  /** One {@code RunAgent} activity for a step, or for a fan-out task ({@code task} non-null). */
  record Agent(StepState step, TaskState task, CancellationScope scope) implements Work {
    @Override
    public int slots() {
      return 1;
    }
  }

  /**
   * A gate waiting for a decision (an approval step, or a failure under {@code on_error: pause}).
   * It holds no agent slot: waiting counts against nothing but its own timeout and the run's.
   */
  record Wait(StepState step, Gate gate) implements Work {
    @Override
    public CancellationScope scope() {
      return null;
    }

    @Override
    public int slots() {
      return 0;
    }
  }

  /** A child workflow running tasks of a sharded fan-out. */
  record Shard(StepState step, ShardedFanOut.Range range, CancellationScope scope) implements Work {
    @Override
    public int slots() {
      return range.allotment();
    }
  }
}
