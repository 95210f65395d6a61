package dev.skein.engine;

import dev.skein.plan.Plan;
import java.util.Collection;
import java.util.List;

/**
 * {@code mode: levels}: a step starts when its level is the current one (the lowest level with an
 * unfinished step) and its dependencies are done.
 */
final class LevelsPolicy implements SchedulingPolicy {

  private final Plan plan;

  LevelsPolicy(Plan plan) {
    this.plan = plan;
  }

  @Override
  public List<StepState> releasable(Collection<StepState> steps) {
    int current =
        steps.stream()
            .filter(s -> !s.isFinal())
            .mapToInt(s -> s.level)
            .min()
            .orElse(Integer.MAX_VALUE);
    return steps.stream()
        .filter(s -> s.level == current && !s.released && !s.isFinal())
        .filter(s -> dependenciesDone(s, steps))
        .toList();
  }

  private boolean dependenciesDone(StepState step, Collection<StepState> steps) {
    return plan.dependencies(step.id()).stream()
        .allMatch(
            dep -> steps.stream().filter(s -> s.id().equals(dep)).allMatch(StepState::isFinal));
  }
}
