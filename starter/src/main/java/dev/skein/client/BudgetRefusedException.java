package dev.skein.client;

/** The run refused to raise its budget; the message is the workflow's reason. */
public final class BudgetRefusedException extends SkeinException {

  public BudgetRefusedException(String workflowId, String reason, Throwable cause) {
    super("Run '" + workflowId + "' did not raise its budget: " + reason + ".", cause);
  }
}
