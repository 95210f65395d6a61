package dev.skein.model;

import java.util.Map;
import java.util.Optional;

/**
 * Every budget of a pipeline: the run's, and each step's own (or {@code defaults.budget}, which
 * applies to each step on its own; a fan-out's covers all its tasks together).
 */
public record Budgets(Optional<Budget> run, Map<String, Budget> steps) {

  public static final Budgets NONE = new Budgets(Optional.empty(), Map.of());

  public Budgets {
    steps = Map.copyOf(steps);
  }

  public Optional<Budget> step(String id) {
    return Optional.ofNullable(steps.get(id));
  }

  public boolean any() {
    return run.isPresent() || !steps.isEmpty();
  }
}
