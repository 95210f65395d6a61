package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.contract.FailureTypes;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import org.junit.jupiter.api.Test;

/**
 * Workers without storage keep every output inline, so the run's result holds them all: the run
 * stops, with an error that names the limit, as soon as they could no longer fit Temporal's 2 MB
 * payload limit, instead of being terminated by the service after its last step.
 */
class InlineBudgetTest extends EngineTestBase {

  @Test
  void outputsThatCannotFitTheResultStopTheRunWithAHistoryLimit() {
    StringBuilder yaml =
        new StringBuilder("name: inline\ndefaults: {max_concurrency: 1}\nsteps:\n");
    for (int i = 1; i <= 10; i++) {
      yaml.append("  - {id: s")
          .append(i)
          .append(", prompt: p, with: {output_chars: 250000, inline_only: true}}\n");
    }
    Finished run = run(yaml.toString());

    assertThat(run.result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.failureType()).isEqualTo(FailureTypes.HISTORY_LIMIT);
    assertThat(run.failureMessage()).contains("2 MB").contains("--storage");
    // Stopped once the sum passed the budget: the 7th output made it 1.75 MB.
    assertThat(step(run.result(), "s7").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(step(run.result(), "s8").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(agents.callsOf("s8")).isZero();
    // The failure's details carry the records, not the outputs that did not fit.
    assertThat(step(run.result(), "s1").output()).isNull();
  }

  @Test
  void workersWithStorageAreNotLimited() {
    StringBuilder yaml =
        new StringBuilder("name: stored\ndefaults: {max_concurrency: 1}\nsteps:\n");
    for (int i = 1; i <= 8; i++) {
      yaml.append("  - {id: s").append(i).append(", prompt: p, with: {output_chars: 250000}}\n");
    }
    assertThat(run(yaml.toString()).result().status()).isEqualTo(RunStatus.SUCCEEDED);
  }
}
