package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the Temporal service says of a running step's agent call, which the workflow cannot know:
 * whether a worker has picked it up, which attempt it is on, how the last one failed, and the
 * progress the agent reported in its heartbeats. Skein's client adds it to {@link StepRecord#live}
 * from the run's pending activities; the workflow never sets it.
 *
 * @param state {@code queued} (no worker has started it yet), {@code running}, or {@code retrying}
 *     (an attempt failed and the next one waits for its backoff or a worker)
 * @param attempt the current attempt (1-based)
 * @param maxAttempts the retry policy's limit, 0 for unlimited
 * @param lastFailure how the previous attempt failed; null before any did
 * @param bytesOut output bytes the agent reported so far in this attempt
 * @param lastLine the last output line the agent reported, shortened
 * @param queuedTasks for a fan-out: how many of its running tasks no worker has started yet
 * @param retryingTasks for a fan-out: how many of its running tasks wait to retry
 * @param taskQueue the task queue the call waits on, where the service says
 * @param warning why nothing may pick the call up (no worker polls its task queue), else null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LiveAttempt(
    String state,
    Integer attempt,
    Integer maxAttempts,
    FailedAttempt lastFailure,
    Long bytesOut,
    String lastLine,
    Integer queuedTasks,
    Integer retryingTasks,
    String taskQueue,
    String warning) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String RETRYING = "retrying";

  public LiveAttempt withWarning(String text) {
    return new LiveAttempt(
        state,
        attempt,
        maxAttempts,
        lastFailure,
        bytesOut,
        lastLine,
        queuedTasks,
        retryingTasks,
        taskQueue,
        text);
  }
}
