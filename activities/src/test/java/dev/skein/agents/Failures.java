package dev.skein.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.skein.contract.AgentFailureDetails;
import io.temporal.failure.ApplicationFailure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Digs the agent's {@link ApplicationFailure} out of what a stub threw. */
final class Failures {

  private Failures() {}

  /** The agent's failure from {@code call}, which must throw. */
  static ApplicationFailure failureOf(ThrowingCallable call) {
    return applicationFailure(catchThrowable(call));
  }

  static ApplicationFailure applicationFailure(Throwable thrown) {
    Throwable t = thrown;
    while (t != null && !(t instanceof ApplicationFailure)) {
      t = t.getCause();
    }
    assertThat(t).as("an ApplicationFailure in the cause chain of %s", thrown).isNotNull();
    return (ApplicationFailure) t;
  }

  static AgentFailureDetails details(ApplicationFailure failure) {
    assertThat(failure.getDetails().getSize()).isEqualTo(1);
    return failure.getDetails().get(0, AgentFailureDetails.class);
  }
}
