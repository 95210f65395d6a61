package dev.skein.engine;

import dev.skein.contract.AgentFailureDetails;
import dev.skein.contract.FailureTypes;
import dev.skein.run.ErrorInfo;
import dev.skein.run.FailedAttempt;
import dev.skein.run.Usage;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.List;

/** Reads what a failed {@code RunAgent} call tells the run: its error and the attempts used. */
final class AgentFailures {

  /** Type recorded when an attempt ran past start-to-close or missed its heartbeats. */
  static final String ACTIVITY_TIMEOUT = "ActivityTimeout";

  private AgentFailures() {}

  /** The activity was cancelled (by a stop, a sibling's failure or the run's cancellation). */
  static boolean isCancellation(Throwable failure) {
    return failure instanceof CanceledFailure
        || ((failure instanceof ActivityFailure || failure instanceof ChildWorkflowFailure)
            && failure.getCause() instanceof CanceledFailure);
  }

  static ErrorInfo error(Throwable failure, List<String> doNotRetry) {
    Throwable cause = failure instanceof ActivityFailure ? failure.getCause() : failure;
    if (cause instanceof ApplicationFailure app
        && FailureTypes.SDK_STORAGE_FAILURE.equals(app.getType())) {
      // The SDK could not store the agent's result or read its request; its message names the
      // store and the key (see dev.skein.storage.StorageException).
      String message = app.getOriginalMessage().replaceFirst("^External storage failed: ", "");
      return new ErrorInfo(
          FailureTypes.STORAGE_ERROR,
          "the step's payload could not be stored or read: " + message,
          false);
    }
    if (cause instanceof ApplicationFailure app) {
      boolean retryable = !app.isNonRetryable() && !doNotRetry.contains(app.getType());
      return new ErrorInfo(app.getType(), app.getOriginalMessage(), retryable);
    }
    if (cause instanceof TimeoutFailure timeout) {
      return new ErrorInfo(
          ACTIVITY_TIMEOUT,
          "the agent timed out (" + timeout.getTimeoutType().name().toLowerCase() + ")",
          true);
    }
    String message = cause == null ? failure.getMessage() : cause.getMessage();
    return new ErrorInfo(
        (cause == null ? failure : cause).getClass().getSimpleName(), message, false);
  }

  /** What the failed attempts spent, where the agent reported it in its failure details. */
  static Usage usage(Throwable failure) {
    Throwable cause = failure instanceof ActivityFailure ? failure.getCause() : failure;
    if (cause instanceof ApplicationFailure app && app.getDetails().getSize() > 0) {
      try {
        AgentFailureDetails details = app.getDetails().get(0, AgentFailureDetails.class);
        return details == null ? null : details.usage();
      } catch (RuntimeException undecodable) {
        return null; // not our details
      }
    }
    return null;
  }

  /**
   * Every failed attempt of a call that failed for good: those the agent carried in its details
   * (the earlier ones), then this one ({@code error}) as attempt {@code attempt}. Null for a call
   * that failed on its first attempt, which its {@code error} already says.
   */
  static List<FailedAttempt> failures(Throwable failure, ErrorInfo error, int attempt) {
    if (attempt <= 1) {
      return null;
    }
    List<FailedAttempt> earlier = null;
    Throwable cause = failure instanceof ActivityFailure ? failure.getCause() : failure;
    if (cause instanceof ApplicationFailure app && app.getDetails().getSize() > 0) {
      try {
        AgentFailureDetails details = app.getDetails().get(0, AgentFailureDetails.class);
        earlier = details == null ? null : details.earlierFailures();
      } catch (RuntimeException undecodable) {
        earlier = null; // not our details
      }
    }
    return FailedAttempt.append(earlier, new FailedAttempt(attempt, error.type(), error.message()));
  }

  /**
   * The attempt that failed: from {@link AgentFailureDetails} when the agent reported it, else
   * {@code maxAttempts} when the retry policy ran out (timeouts carry no details), else 1.
   */
  static int attempts(Throwable failure, int maxAttempts) {
    Throwable cause = failure instanceof ActivityFailure ? failure.getCause() : failure;
    if (cause instanceof ApplicationFailure app && app.getDetails().getSize() > 0) {
      try {
        AgentFailureDetails details = app.getDetails().get(0, AgentFailureDetails.class);
        if (details != null && details.attempt() > 0) {
          return details.attempt();
        }
      } catch (RuntimeException undecodable) {
        // Not our details (a foreign activity implementation): fall back to the retry state.
      }
    }
    if (failure instanceof ActivityFailure activity
        && activity.getRetryState() == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED) {
      return maxAttempts;
    }
    return 1;
  }
}
