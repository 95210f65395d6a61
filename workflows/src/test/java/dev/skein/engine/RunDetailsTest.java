package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.run.RunStatus;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The current details the Temporal UI shows: a count per status, and a bounded table. */
class RunDetailsTest extends EngineTestBase {

  @Test
  void smallRunShowsEveryStep() {
    String id = start("name: small\nsteps:\n  - {id: a, prompt: a}\n  - {id: b, prompt: b}\n");
    assertThat(await(id).result().status()).isEqualTo(RunStatus.SUCCEEDED);

    assertThat(details(id))
        .startsWith("**small** · succeeded\n\n2 steps: 2 succeeded\n\n")
        .contains("| a | succeeded | 1 |\n| b | succeeded | 1 |\n");
  }

  @Test
  void largeRunShowsASummaryThenFailedStepsFirstInAtMostThirtyRows() {
    String steps =
        IntStream.range(0, 39)
            .mapToObj(i -> "  - {id: s" + i + ", prompt: p, when: \"" + (i < 35) + "\"}")
            .collect(Collectors.joining("\n"));
    String last =
        "  - {id: s39, prompt: p, allow_failure: true, with: {fail: true, non_retryable: true}}";
    String id = start("name: large\nsteps:\n" + steps + "\n" + last + "\n");
    assertThat(await(id).result().status()).isEqualTo(RunStatus.SUCCEEDED);

    String details = details(id);
    assertThat(details).contains("40 steps: 35 succeeded · 1 failed · 4 skipped");
    assertThat(details.lines().filter(l -> l.matches("\\| s\\d+ .*")).toList())
        .hasSize(30)
        .startsWith("| s39 | failed | 1 |", "| s0 | succeeded | 1 |")
        .endsWith("| s28 | succeeded | 1 |");
    assertThat(details).endsWith("… and 10 more steps\n");
  }

  private String details(String id) {
    return client
        .newUntypedWorkflowStub(id)
        .query("__temporal_workflow_metadata", WorkflowMetadata.class)
        .getCurrentDetails();
  }
}
