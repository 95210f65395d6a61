package dev.skein.plan;

import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The static shape of a validated pipeline: each step's dependencies, dependents and level. Built
 * once at the start of a run; pure.
 */
public final class Plan {

  private final Pipeline pipeline;
  private final Map<String, Set<String>> dependencies;
  private final Map<String, Set<String>> dependents;
  private final Map<String, Integer> levels;
  private final List<List<String>> levelList;

  private Plan(
      Pipeline pipeline,
      Map<String, Set<String>> dependencies,
      Map<String, Set<String>> dependents,
      Map<String, Integer> levels,
      List<List<String>> levelList) {
    this.pipeline = pipeline;
    this.dependencies = dependencies;
    this.dependents = dependents;
    this.levels = levels;
    this.levelList = levelList;
  }

  /**
   * Requires a validated (acyclic, fully resolved) pipeline. A cycle or a dependency on an unknown
   * step is an {@link IllegalArgumentException} (validation reports those with better messages).
   */
  public static Plan of(Pipeline pipeline) {
    Map<String, Set<String>> deps = new LinkedHashMap<>();
    Map<String, Set<String>> dependents = new LinkedHashMap<>();
    for (Step step : pipeline.steps()) {
      if (deps.put(step.id(), Dependencies.of(step)) != null) {
        throw new IllegalArgumentException("duplicate step id " + step.id());
      }
      dependents.put(step.id(), new LinkedHashSet<>());
    }
    // Dependents in declaration order: visit dependents in declaration order.
    for (Map.Entry<String, Set<String>> e : deps.entrySet()) {
      for (String dep : e.getValue()) {
        Set<String> of = dependents.get(dep);
        if (of == null) {
          throw new IllegalArgumentException(
              "step " + e.getKey() + " depends on unknown step " + dep);
        }
        of.add(e.getKey());
      }
    }
    Map<String, Integer> levels = computeLevels(deps, dependents);
    int max = levels.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
    List<List<String>> levelList = new ArrayList<>();
    for (int i = 0; i <= max; i++) {
      levelList.add(new ArrayList<>());
    }
    for (String id : deps.keySet()) {
      levelList.get(levels.get(id)).add(id);
    }
    List<List<String>> frozen = new ArrayList<>();
    levelList.forEach(l -> frozen.add(List.copyOf(l)));
    Map<String, Set<String>> frozenDependents = new LinkedHashMap<>();
    dependents.forEach((k, v) -> frozenDependents.put(k, Collections.unmodifiableSet(v)));
    return new Plan(
        pipeline,
        Collections.unmodifiableMap(deps),
        Collections.unmodifiableMap(frozenDependents),
        Collections.unmodifiableMap(levels),
        List.copyOf(frozen));
  }

  /** Kahn's algorithm: no recursion (deep chains cannot overflow), and a cycle is detected. */
  private static Map<String, Integer> computeLevels(
      Map<String, Set<String>> deps, Map<String, Set<String>> dependents) {
    Map<String, Integer> remaining = new HashMap<>();
    Map<String, Integer> levels = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    for (Map.Entry<String, Set<String>> e : deps.entrySet()) {
      remaining.put(e.getKey(), e.getValue().size());
      levels.put(e.getKey(), 0);
      if (e.getValue().isEmpty()) {
        queue.add(e.getKey());
      }
    }
    int placed = 0;
    while (!queue.isEmpty()) {
      String id = queue.poll();
      placed++;
      for (String dependent : dependents.get(id)) {
        levels.put(dependent, Math.max(levels.get(dependent), levels.get(id) + 1));
        if (remaining.merge(dependent, -1, Integer::sum) == 0) {
          queue.add(dependent);
        }
      }
    }
    if (placed < deps.size()) {
      List<String> stuck = new ArrayList<>();
      deps.keySet().stream().filter(id -> remaining.get(id) > 0).forEach(stuck::add);
      throw new IllegalArgumentException("dependency cycle among steps " + stuck);
    }
    return levels;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  /** Level 0 holds the roots; within a level, declaration order. */
  public List<List<String>> levels() {
    return levelList;
  }

  public int levelOf(String stepId) {
    Integer level = levels.get(stepId);
    if (level == null) {
      throw new IllegalArgumentException("unknown step " + stepId);
    }
    return level;
  }

  /** Direct dependencies, in first-mention order. */
  public Set<String> dependencies(String stepId) {
    return known(dependencies.get(stepId), stepId);
  }

  /** Steps that directly depend on this one, in declaration order. */
  public Set<String> dependents(String stepId) {
    return known(dependents.get(stepId), stepId);
  }

  /**
   * For {@code dataflow} mode: steps not in {@code done} whose dependencies are all in {@code
   * done}, in declaration order (the caller filters out what it already launched).
   */
  public List<String> ready(Set<String> done) {
    List<String> ready = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : dependencies.entrySet()) {
      if (!done.contains(e.getKey()) && done.containsAll(e.getValue())) {
        ready.add(e.getKey());
      }
    }
    return ready;
  }

  /**
   * A longest chain of dependent steps, root first: its length is the number of levels, the fewest
   * rounds of agent calls a run needs whatever the caps. Ties go to the step declared first.
   */
  public List<String> criticalPath() {
    if (levelList.isEmpty()) {
      return List.of();
    }
    Deque<String> path = new ArrayDeque<>();
    String current = levelList.get(levelList.size() - 1).get(0);
    path.addFirst(current);
    while (levels.get(current) > 0) {
      int wanted = levels.get(current) - 1;
      // A step's level is one more than its deepest dependency's, so one is exactly one lower.
      current =
          dependencies.get(current).stream()
              .filter(d -> levels.get(d) == wanted)
              .findFirst()
              .orElseThrow();
      path.addFirst(current);
    }
    return List.copyOf(path);
  }

  /**
   * Pairs of steps neither of which depends on the other, directly or not, in declaration order: in
   * {@code dataflow} mode these may run at the same time. Pairs inside one level overlap in either
   * mode; the others only in {@code dataflow}.
   */
  public List<List<String>> independentPairs() {
    List<String> order = new ArrayList<>(dependencies.keySet());
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      index.put(order.get(i), i);
    }
    // Ancestors per step, built in level order so each dependency's set is complete first.
    Map<String, BitSet> ancestors = new HashMap<>();
    for (List<String> level : levelList) {
      for (String id : level) {
        BitSet mine = new BitSet(order.size());
        for (String dep : dependencies.get(id)) {
          mine.set(index.get(dep));
          mine.or(ancestors.get(dep));
        }
        ancestors.put(id, mine);
      }
    }
    List<List<String>> pairs = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      for (int j = i + 1; j < order.size(); j++) {
        if (!ancestors.get(order.get(j)).get(i) && !ancestors.get(order.get(i)).get(j)) {
          pairs.add(List.of(order.get(i), order.get(j)));
        }
      }
    }
    return pairs;
  }

  private static Set<String> known(Set<String> set, String stepId) {
    if (set == null) {
      throw new IllegalArgumentException("unknown step " + stepId);
    }
    return set;
  }
}
