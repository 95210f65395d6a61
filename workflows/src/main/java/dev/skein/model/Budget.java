package dev.skein.model;

import dev.skein.run.Usage;
import java.util.Optional;

/**
 * A limit on what agents may spend: a run's ({@code budget:} at the top level), a step's, or a
 * whole fan-out's. Either limit, or both.
 *
 * @param cancelInFlight {@code on_budget: cancel}: once used up, the calls in flight are cancelled;
 *     otherwise ({@code stop}, the default) they may finish
 */
public record Budget(
    Optional<Double> maxCostUsd, Optional<Long> maxTokens, boolean cancelInFlight) {

  /** This budget with {@code usd} more, for a run whose budget a person raised. */
  public Budget plus(double usd, long tokens) {
    return new Budget(
        maxCostUsd.map(m -> m + usd).or(() -> usd > 0 ? Optional.of(usd) : Optional.empty()),
        maxTokens
            .map(m -> m + tokens)
            .or(() -> tokens > 0 ? Optional.of(tokens) : Optional.empty()),
        cancelInFlight);
  }

  /**
   * Whether {@code spent} plus {@code estimate} (what the calls in flight will likely spend) uses
   * this budget up. Only what history recorded counts, so the answer is the same on replay.
   */
  public boolean usedUpBy(Usage spent, Usage estimate) {
    Usage total = Usage.add(spent, estimate);
    if (total == null) {
      return false;
    }
    double cost = total.costUsd() == null ? 0 : total.costUsd();
    return maxCostUsd.map(max -> cost >= max).orElse(false)
        || maxTokens.map(max -> total.totalTokens() >= max).orElse(false);
  }

  /** "max_cost_usd 5.00 (spent 5.12)" and/or "max_tokens 2000000 (spent 2010311)". */
  public String describe(Usage spent) {
    Usage s = spent == null ? Usage.NONE : spent;
    StringBuilder sb = new StringBuilder();
    maxCostUsd.ifPresent(
        max ->
            sb.append(
                String.format(
                    java.util.Locale.ROOT,
                    "max_cost_usd %.4f (spent %.4f)",
                    max,
                    s.costUsd() == null ? 0.0 : s.costUsd())));
    maxTokens.ifPresent(
        max ->
            sb.append(sb.length() == 0 ? "" : ", ")
                .append("max_tokens ")
                .append(max)
                .append(" (spent ")
                .append(s.totalTokens())
                .append(')'));
    return sb.toString();
  }
}
