package dev.skein.engine;

import dev.skein.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code mode: dataflow}: a step starts as soon as all its dependencies are done. */
final class DataflowPolicy implements SchedulingPolicy {

  private final Plan plan;
  private final RunState state;

  /** Per step, how many of its dependencies are not final yet. */
  private final Map<String, Integer> waitingOn = new HashMap<>();

  /** Steps whose dependencies are all done and that are not released yet, by declaration order. */
  private final TreeMap<Integer, StepState> ready = new TreeMap<>();

  private int seen;

  DataflowPolicy(Plan plan, RunState state) {
    this.plan = plan;
    this.state = state;
    for (StepState s : state.steps()) {
      int open = 0;
      for (String dep : plan.dependencies(s.id())) {
        StepState d = state.step(dep);
        if (d == null || !d.isFinal()) {
          open++;
        }
      }
      waitingOn.put(s.id(), open);
      if (open == 0) {
        ready.put(s.order, s);
      }
    }
    this.seen = state.finalCount();
  }

  @Override
  public List<StepState> releasable() {
    List<StepState> finished = state.finished();
    while (seen < finished.size()) {
      for (String dependent : plan.dependents(finished.get(seen++).id())) {
        if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
          StepState s = state.step(dependent);
          ready.put(s.order, s);
        }
      }
    }
    List<StepState> releasable = new ArrayList<>();
    Iterator<StepState> it = ready.values().iterator();
    while (it.hasNext()) {
      StepState s = it.next();
      if (s.released || s.isFinal()) {
        it.remove();
      } else {
        releasable.add(s);
      }
    }
    return releasable;
  }
}
