package dev.skein.plan;

import dev.skein.model.Pipeline;
import java.util.List;
import java.util.Set;

/**
 * The static shape of a validated pipeline: each step's dependencies, dependents and level. Built
 * once at the start of a run; pure.
 */
public final class Plan {

  /** Requires a validated (acyclic, fully resolved) pipeline. */
  public static Plan of(Pipeline pipeline) {
    throw new UnsupportedOperationException("TODO");
  }

  public Pipeline pipeline() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Level 0 holds the roots; within a level, declaration order. */
  public List<List<String>> levels() {
    throw new UnsupportedOperationException("TODO");
  }

  public int levelOf(String stepId) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Direct dependencies, in first-mention order. */
  public Set<String> dependencies(String stepId) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Steps that directly depend on this one, in declaration order. */
  public Set<String> dependents(String stepId) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * For {@code dataflow} mode: steps not in {@code done} whose dependencies are all in {@code
   * done}, in declaration order (the caller filters out what it already launched).
   */
  public List<String> ready(Set<String> done) {
    throw new UnsupportedOperationException("TODO");
  }
}
