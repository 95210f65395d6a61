package dev.skein.client;

/** No run with that workflow id exists in the namespace. */
public final class RunNotFoundException extends SkeinException {

  public RunNotFoundException(String workflowId, Throwable cause) {
    super("No run with workflow id '" + workflowId + "' exists in this namespace.", cause);
  }
}
