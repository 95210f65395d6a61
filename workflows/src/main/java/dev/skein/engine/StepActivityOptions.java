package dev.skein.engine;

import dev.skein.contract.FailureTypes;
import dev.skein.model.RetrySpec;
import dev.skein.model.StepOptions;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The {@code RunAgent} options of one step, from its effective settings. */
final class StepActivityOptions {

  private StepActivityOptions() {}

  /**
   * @param label {@code step} or {@code step#index}
   */
  static ActivityOptions of(StepOptions options, String label, String agentName) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(options.taskQueue())
        .setStartToCloseTimeout(options.timeout())
        .setHeartbeatTimeout(options.heartbeatTimeout())
        .setRetryOptions(retryOptions(options.retry()))
        // The workflow learns the agent really stopped before it records the step cancelled.
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        // SDK 1.38 cannot choose the activity id; the summary is what the Temporal UI shows.
        .setSummary(label + " · " + agentName)
        .build();
  }

  static RetryOptions retryOptions(RetrySpec retry) {
    Duration initial = retry.initialInterval();
    // RetryOptions rejects a maximum below the initial interval; never fail the workflow task.
    Duration maximum = retry.maxInterval().compareTo(initial) < 0 ? initial : retry.maxInterval();
    return RetryOptions.newBuilder()
        .setMaximumAttempts(retry.maxAttempts())
        .setInitialInterval(initial)
        .setBackoffCoefficient(Math.max(1.0, retry.backoff()))
        .setMaximumInterval(maximum)
        .setDoNotRetry(doNotRetry(retry).toArray(String[]::new))
        .build();
  }

  /** Failure types never retried for this step. */
  static List<String> doNotRetry(RetrySpec retry) {
    List<String> types = new ArrayList<>(FailureTypes.ALWAYS_NON_RETRYABLE);
    types.add(FailureTypes.FAN_OUT_TOO_LARGE);
    if (!retry.retryInvalidOutput()) {
      types.add(FailureTypes.INVALID_OUTPUT);
    }
    return types;
  }
}
