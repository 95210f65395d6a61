package dev.skein.engine;

import dev.skein.plan.Plan;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code mode: levels}: a step starts when its level is the current one (the lowest level with an
 * unfinished step) and its dependencies are done.
 */
final class LevelsPolicy implements SchedulingPolicy {

  private final Plan plan;
  private final RunState state;

  /** Per level, how many of its steps are not final yet. */
  private final int[] unfinished;

  /** Steps of the current level not yet released, by declaration order. */
  private final TreeMap<Integer, StepState> candidates = new TreeMap<>();

  private int seen;
  private int current = -1;

  LevelsPolicy(Plan plan, RunState state) {
    this.plan = plan;
    this.state = state;
    this.unfinished = new int[plan.levels().size()];
    for (StepState s : state.steps()) {
      if (!s.isFinal()) {
        unfinished[s.level]++;
      }
    }
    this.seen = state.finalCount();
  }

  @Override
  public List<StepState> releasable() {
    List<StepState> finished = state.finished();
    while (seen < finished.size()) {
      unfinished[finished.get(seen++).level]--;
    }
    int next = Math.max(current, 0);
    while (next < unfinished.length && unfinished[next] == 0) {
      next++;
    }
    if (next != current) {
      current = next;
      if (current < unfinished.length) {
        for (String id : plan.levels().get(current)) {
          StepState s = state.step(id);
          candidates.put(s.order, s);
        }
      }
    }
    List<StepState> releasable = new ArrayList<>();
    Iterator<StepState> it = candidates.values().iterator();
    while (it.hasNext()) {
      StepState s = it.next();
      if (s.released || s.isFinal()) {
        it.remove();
      } else if (dependenciesDone(s)) {
        releasable.add(s);
      }
    }
    return releasable;
  }

  private boolean dependenciesDone(StepState step) {
    for (String dep : plan.dependencies(step.id())) {
      StepState s = state.step(dep);
      if (s != null && !s.isFinal()) {
        return false;
      }
    }
    return true;
  }
}
