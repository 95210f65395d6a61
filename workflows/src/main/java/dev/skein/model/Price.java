package dev.skein.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An agent's {@code price}: USD per million tokens, turning tokens into cost where the tool reports
 * none. Cached input tokens are priced as input.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Price(double inputPerMtok, double outputPerMtok) {

  public double cost(long inputTokens, long outputTokens) {
    return (inputTokens * inputPerMtok + outputTokens * outputPerMtok) / 1_000_000.0;
  }
}
