package dev.skein.contract;

import java.util.List;

/**
 * Stable {@code ApplicationFailure} type names. Clients in any SDK match on them, so they never
 * change.
 */
public final class FailureTypes {
  // Raised by agent activities.
  public static final String AGENT_FAILED = "AgentFailed";
  public static final String AGENT_STALLED = "AgentStalled";
  public static final String RATE_LIMITED = "RateLimited";
  public static final String AGENT_CONFIG_ERROR = "AgentConfigError";
  public static final String TEMPLATE_ERROR = "TemplateError";
  public static final String INVALID_OUTPUT = "InvalidOutput";

  /**
   * The worker's policy refuses the agent a secret, a host or a program; the message names it and
   * the worker flag that would allow it. Never retried: nothing was sent and nothing started.
   */
  public static final String AGENT_NOT_ALLOWED = "AgentNotAllowed";

  /**
   * A payload or an output could not be written to or read from the store; the message names the
   * step, the store and the key. Never retried: the store is misconfigured or the data is gone.
   */
  public static final String STORAGE_ERROR = "StorageError";

  /** An output too large for history while no store is configured to keep it. */
  public static final String OUTPUT_TOO_LARGE = "OutputTooLarge";

  /** The type the SDK gives an activity whose payloads its external storage could not handle. */
  public static final String SDK_STORAGE_FAILURE = "ExternalStorageTaskFailure";

  // Raised by the AgentPipeline workflow itself.
  public static final String INVALID_PIPELINE = "InvalidPipeline";
  public static final String PIPELINE_FAILED = "PipelineFailed";
  public static final String ABORTED = "Aborted";
  public static final String PIPELINE_TIMEOUT = "PipelineTimeout";
  public static final String FAN_OUT_TOO_LARGE = "FanOutTooLarge";

  /**
   * A retry's {@code resume_from} cannot be used: the run it names does not exist, is still
   * running, or its records cannot be read. Raised by {@code LoadResumeSource} and the workflow.
   */
  public static final String INVALID_RESUME = "InvalidResume";

  /** The run cannot fit in Temporal's history limits even with continue-as-new. */
  /**
   * A budget ({@code budget:} of the run, a step or a fan-out) was used up: the message names the
   * budget, its limit and what was spent.
   */
  public static final String BUDGET_EXCEEDED = "BudgetExceeded";

  public static final String HISTORY_LIMIT = "HistoryLimit";

  /** An approval step was rejected, and its {@code on_reject} is {@code fail}. */
  public static final String REJECTED = "Rejected";

  /** An approval step's timeout ran out, and its {@code on_timeout} is {@code fail}. */
  public static final String APPROVAL_TIMEOUT = "ApprovalTimeout";

  /** Never retried, whatever the step's retry policy says. */
  public static final List<String> ALWAYS_NON_RETRYABLE =
      List.of(
          AGENT_CONFIG_ERROR, TEMPLATE_ERROR, STORAGE_ERROR, OUTPUT_TOO_LARGE, SDK_STORAGE_FAILURE);

  private FailureTypes() {}
}
