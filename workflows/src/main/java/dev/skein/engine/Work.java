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

  /** A child workflow running tasks of a sharded fan-out. */
  record Shard(StepState step, ShardedFanOut.Range range, CancellationScope scope) implements Work {
    @Override
    public int slots() {
      return range.allotment();
    }
  }
}
