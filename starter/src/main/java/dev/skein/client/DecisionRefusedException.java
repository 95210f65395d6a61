package dev.skein.client;

/** The run refused a decision on a gate; the message is the workflow validator's sentence. */
public final class DecisionRefusedException extends SkeinException {

  private final String reason;

  public DecisionRefusedException(String workflowId, String gate, String reason, Throwable cause) {
    super(
        "Run '" + workflowId + "' did not take the decision on '" + gate + "': " + reason + ".",
        cause);
    this.reason = reason;
  }

  /** The validator's sentence alone. */
  public String reason() {
    return reason;
  }
}
