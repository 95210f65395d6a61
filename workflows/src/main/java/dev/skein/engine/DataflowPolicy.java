package dev.skein.engine;

import dev.skein.plan.Plan;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code mode: dataflow}: a step starts as soon as all its dependencies are done. */
final class DataflowPolicy implements SchedulingPolicy {

  private final Plan plan;

  DataflowPolicy(Plan plan) {
    this.plan = plan;
  }

  @Override
  public List<StepState> releasable(Collection<StepState> steps) {
    Set<String> done =
        steps.stream().filter(StepState::isFinal).map(StepState::id).collect(Collectors.toSet());
    Set<String> ready = Set.copyOf(plan.ready(done));
    return steps.stream()
        .filter(s -> ready.contains(s.id()) && !s.released && !s.isFinal())
        .toList();
  }
}
