package dev.skein.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.contract.AgentFailureDetails;
import io.temporal.failure.ApplicationFailure;

/** Digs the agent's {@link ApplicationFailure} out of what a stub threw. */
final class Failures {

  private Failures() {}

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
