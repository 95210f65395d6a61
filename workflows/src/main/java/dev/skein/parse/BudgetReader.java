package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.model.Budget;
import dev.skein.model.Budgets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code budget: {max_cost_usd, max_tokens}} and {@code on_budget: stop | cancel} at the top
 * level (the run), under {@code defaults} (each step) and on a step (that step, or a whole
 * fan-out).
 */
final class BudgetReader {

  static final List<String> BUDGET_KEYS = List.of("max_cost_usd", "max_tokens");
  static final List<String> ON_BUDGET = List.of("stop", "cancel");

  private BudgetReader() {}

  static Budgets read(Fields root) {
    Optional<Budget> run = budget(root, cancels(root).orElse(false));
    Fields defaults = root.mapping("defaults").isPresent() ? root.child("defaults") : null;
    boolean defaultCancel = defaults != null && cancels(defaults).orElse(false);
    Optional<Budget> perStep =
        defaults == null ? Optional.empty() : budget(defaults, defaultCancel);
    Map<String, Budget> steps = new LinkedHashMap<>();
    Optional<JsonNode> list = root.node("steps").filter(JsonNode::isArray);
    if (list.isPresent()) {
      for (int i = 0; i < list.get().size(); i++) {
        JsonNode node = list.get().get(i);
        if (!node.isObject() || !node.path("id").isTextual()) {
          continue; // the step reader reports it
        }
        String id = node.get("id").asText();
        Fields step = new Fields(node, "/steps/" + i, "", id, root.problems());
        boolean join = node.has("join");
        if (join && (node.has("budget") || node.has("on_budget"))) {
          step.report(
              node.has("budget") ? "budget" : "on_budget",
              "a join runs no agent, so it has no budget of its own");
          continue;
        }
        boolean cancel = cancels(step).orElse(defaultCancel);
        Optional<Budget> own = budget(step, cancel);
        Optional<Budget> effective =
            own.or(
                () ->
                    join
                        ? Optional.empty()
                        : perStep.map(b -> new Budget(b.maxCostUsd(), b.maxTokens(), cancel)));
        effective.ifPresent(b -> steps.put(id, b));
      }
    }
    return new Budgets(run, steps);
  }

  /** The {@code budget} of this level, with what its {@code on_budget} says. */
  private static Optional<Budget> budget(Fields level, boolean cancel) {
    if (level.node("budget").isEmpty() || level.mapping("budget").isEmpty()) {
      return Optional.empty();
    }
    Fields f = level.child("budget");
    f.allowOnly(BUDGET_KEYS);
    Optional<Double> usd = positive(f, "max_cost_usd");
    Optional<Long> tokens = f.integer("max_tokens", 1, Integer.MAX_VALUE, "").map(Long::valueOf);
    if (!f.has("max_cost_usd") && !f.has("max_tokens")) {
      f.report(null, "'budget' needs max_cost_usd or max_tokens (or both)");
      return Optional.empty();
    }
    if (usd.isEmpty() && tokens.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Budget(usd, tokens, cancel));
  }

  private static Optional<Boolean> cancels(Fields level) {
    return level.choice("on_budget", ON_BUDGET).map("cancel"::equals);
  }

  private static Optional<Double> positive(Fields f, String key) {
    return f.number(key)
        .filter(
            d -> {
              if (d <= 0) {
                f.report(key, f.name(key) + " must be more than 0");
                return false;
              }
              return true;
            });
  }
}
