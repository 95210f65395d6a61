package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The optional argument of the {@code progress} query. Without it (or with both false) the answer
 * is lean: every step with its status, counts and times, but no outputs and no task list, so it
 * stays small at any size and can be polled.
 *
 * @param outputs include outputs (stored ones as references)
 * @param tasks include every fan-out task record
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProgressQuery(boolean outputs, boolean tasks) {

  public static final ProgressQuery LEAN = new ProgressQuery(false, false);
  public static final ProgressQuery FULL = new ProgressQuery(true, true);

  public static ProgressQuery orLean(ProgressQuery query) {
    return query == null ? LEAN : query;
  }
}
