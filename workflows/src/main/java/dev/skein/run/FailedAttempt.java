package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;

/**
 * How one attempt of a step or task failed, kept when a later attempt ran: a step that failed twice
 * and then succeeded has two of these.
 *
 * @param attempt the attempt (1-based)
 * @param type the failure type of {@code FailureTypes}, or {@code ActivityTimeout} for an attempt
 *     that ended without reporting (it timed out, or its worker went away)
 * @param message the failure's sentence, shortened to {@value #MAX_MESSAGE} characters
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FailedAttempt(int attempt, String type, String message) {

  /** Longest message kept: the list travels in every heartbeat and in history. */
  public static final int MAX_MESSAGE = 500;

  /** Most failures kept (the latest): a step retried without bound must not grow its history. */
  public static final int MAX_KEPT = 20;

  public FailedAttempt {
    if (message != null && message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE - 1) + "…";
    }
  }

  /** {@code earlier} followed by {@code next}, keeping the latest {@value #MAX_KEPT}. */
  public static List<FailedAttempt> append(List<FailedAttempt> earlier, FailedAttempt next) {
    List<FailedAttempt> all = new ArrayList<>(earlier == null ? List.of() : earlier);
    all.add(next);
    return List.copyOf(all.subList(Math.max(0, all.size() - MAX_KEPT), all.size()));
  }
}
