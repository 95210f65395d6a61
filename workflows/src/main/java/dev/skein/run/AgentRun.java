package dev.skein.run;

import java.util.List;

/**
 * What a step's or a task's agent did, the components {@link StepRecord} and {@link TaskRecord}
 * share (see them for what each means). Their builders set these through one {@link Builder}, so
 * the shared part is written once.
 */
public interface AgentRun {
  StepStatus status();

  int attempts();

  String launchedAt();

  String completedAt();

  String output();

  OutputRef outputRef();

  ErrorInfo error();

  String requestDigest();

  String reusedFrom();

  Usage usage();

  List<FailedAttempt> failures();

  /**
   * Sets the shared components by name; a record's own builder adds the rest and builds it.
   *
   * @param <B> the record's builder, returned by each setter so calls chain
   */
  abstract class Builder<B extends Builder<B>> {
    StepStatus status;
    int attempts;
    String launchedAt;
    String completedAt;
    String output;
    OutputRef outputRef;
    ErrorInfo error;
    String requestDigest;
    String reusedFrom;
    Usage usage;
    List<FailedAttempt> failures;

    /** Takes the shared components of {@code run}, for a record's {@code toBuilder}. */
    void copy(AgentRun run) {
      status = run.status();
      attempts = run.attempts();
      launchedAt = run.launchedAt();
      completedAt = run.completedAt();
      output = run.output();
      outputRef = run.outputRef();
      error = run.error();
      requestDigest = run.requestDigest();
      reusedFrom = run.reusedFrom();
      usage = run.usage();
      failures = run.failures();
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    public B status(StepStatus status) {
      this.status = status;
      return self();
    }

    public B attempts(int attempts) {
      this.attempts = attempts;
      return self();
    }

    public B launchedAt(String launchedAt) {
      this.launchedAt = launchedAt;
      return self();
    }

    public B completedAt(String completedAt) {
      this.completedAt = completedAt;
      return self();
    }

    public B output(String output) {
      this.output = output;
      return self();
    }

    public B outputRef(OutputRef outputRef) {
      this.outputRef = outputRef;
      return self();
    }

    public B error(ErrorInfo error) {
      this.error = error;
      return self();
    }

    public B requestDigest(String requestDigest) {
      this.requestDigest = requestDigest;
      return self();
    }

    public B reusedFrom(String reusedFrom) {
      this.reusedFrom = reusedFrom;
      return self();
    }

    public B usage(Usage usage) {
      this.usage = usage;
      return self();
    }

    public B failures(List<FailedAttempt> failures) {
      this.failures = failures;
      return self();
    }
  }
}
