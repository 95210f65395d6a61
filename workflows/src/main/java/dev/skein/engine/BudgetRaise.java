package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The argument of the {@code budget} update: how much to add to the run's budget. Also what a run
 * carries across continue-as-new, as the sum of every raise so far.
 *
 * @param addUsd dollars added to {@code max_cost_usd}
 * @param addTokens tokens added to {@code max_tokens}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BudgetRaise(double addUsd, long addTokens) {

  public BudgetRaise plus(BudgetRaise other) {
    return new BudgetRaise(addUsd + other.addUsd, addTokens + other.addTokens);
  }
}
