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

  // Raised by the AgentPipeline workflow itself.
  public static final String INVALID_PIPELINE = "InvalidPipeline";
  public static final String PIPELINE_FAILED = "PipelineFailed";
  public static final String ABORTED = "Aborted";
  public static final String PIPELINE_TIMEOUT = "PipelineTimeout";
  public static final String FAN_OUT_TOO_LARGE = "FanOutTooLarge";

  /** Never retried, whatever the step's retry policy says. */
  public static final List<String> ALWAYS_NON_RETRYABLE =
      List.of(AGENT_CONFIG_ERROR, TEMPLATE_ERROR);

  private FailureTypes() {}
}
