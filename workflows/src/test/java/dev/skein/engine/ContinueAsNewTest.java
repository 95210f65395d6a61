package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.run.RunEvent;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run whose history outgrows what Temporal suggests continues as a new execution at a moment
 * nothing is in flight, carrying every record over: nothing runs twice, nothing is lost, and the
 * event numbering goes on.
 */
class ContinueAsNewTest extends EngineTestBase {

  /** Enough sequential steps to pass the service's suggestion of 4,096 events. */
  private static final int STEPS = 700;

  private static String chain(int steps) {
    StringBuilder yaml =
        new StringBuilder("name: long-chain\nsteps:\n  - {id: s0, prompt: start}\n");
    for (int i = 1; i < steps; i++) {
      yaml.append("  - {id: s")
          .append(i)
          .append(", prompt: \"{{ steps.s")
          .append(i - 1)
          .append(".output }}+\"}\n");
    }
    return yaml.toString();
  }

  @Test
  void aLongChainContinuesAsNewAndLosesNothing() {
    String id = start(chain(STEPS));
    Finished run = await(id);

    RunResult result = run.result();
    assertThat(result.status()).as("" + run.failure()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.steps()).hasSize(STEPS);
    assertThat(result.steps()).allMatch(s -> s.status() == StepStatus.SUCCEEDED);
    // Each step's output is the previous one's plus "+": a lost output would break the chain.
    assertThat(step(result, "s" + (STEPS - 1)).output()).isEqualTo("start" + "+".repeat(STEPS - 1));
    for (int i = 0; i < STEPS; i++) {
      assertThat(agents.callsOf("s" + i)).as("calls of s" + i).isEqualTo(1);
    }
    assertThat(executions(id)).isGreaterThanOrEqualTo(2);

    List<RunEvent> events = new java.util.ArrayList<>();
    for (List<RunEvent> page = handle(id).events(0, 500);
        !page.isEmpty();
        page = handle(id).events(page.get(page.size() - 1).seq(), 500)) {
      events.addAll(page);
    }
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).seq()).isEqualTo(events.get(i - 1).seq() + 1);
    }
    assertThat(events.get(events.size() - 1).type()).isEqualTo(RunEvent.RUN_COMPLETED);
  }
}
