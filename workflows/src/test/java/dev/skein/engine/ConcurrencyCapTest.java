package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.run.RunEvent;
import dev.skein.run.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run-wide cap (and a fan-out's own cap) bound the activities in flight. */
class ConcurrencyCapTest extends EngineTestBase {

  private static String parallel(String cap, String... ids) {
    StringBuilder yaml = new StringBuilder("name: caps\ndefaults:\n  heartbeat_timeout: 2s\n");
    if (cap != null) {
      yaml.append("  max_concurrency: ").append(cap).append('\n');
    }
    yaml.append("steps:\n");
    for (String id : ids) {
      yaml.append("  - id: ").append(id).append("\n    prompt: ").append(id).append('\n');
      yaml.append("    with: {work_ms: 300}\n");
    }
    return yaml.toString();
  }

  @Test
  void fourParallelStepsWithCapTwoPeakAtExactlyTwo() {
    String id = start(parallel("2", "a", "b", "c", "d"));
    Finished run = await(id);

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.peak.get()).isEqualTo(2);
    // Launched in declaration order (activities launched together may start in any order).
    assertThat(events(id))
        .filteredOn(e -> e.type().equals(RunEvent.STEP_STARTED))
        .extracting(RunEvent::step)
        .containsExactly("a", "b", "c", "d");
    System.out.println(
        "cap 2, 4 parallel steps: peak concurrent activities = " + agents.peak.get());
  }

  @Test
  void capOneRunsStrictlyInDeclarationOrder() {
    Finished run = run(parallel("1", "zeta", "alpha", "mid", "beta"));

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.peak.get()).isEqualTo(1);
    assertThat(agents.startOrder).containsExactly("zeta", "alpha", "mid", "beta");
    // Each step starts only after the previous one completed.
    for (int i = 1; i < 4; i++) {
      var prev = run.result().steps().get(i - 1);
      var next = run.result().steps().get(i);
      assertThat(next.launchedAt()).isGreaterThanOrEqualTo(prev.completedAt());
    }
  }

  @Test
  void capLargerThanTheLevelLaunchesEverythingAtOnce() {
    String id = start(parallel("10", "a", "b", "c"));
    Finished run = await(id);

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.peak.get()).isEqualTo(3);
    List<RunEvent> started =
        events(id).stream().filter(e -> e.type().equals(RunEvent.STEP_STARTED)).toList();
    assertThat(started).extracting(RunEvent::step).containsExactly("a", "b", "c");
    // All three were scheduled by the same workflow task, before any completion.
    assertThat(started).extracting(RunEvent::at).containsOnly(started.get(0).at());
    long firstCompletion =
        events(id).stream()
            .filter(e -> e.type().equals(RunEvent.STEP_COMPLETED))
            .mapToLong(RunEvent::seq)
            .min()
            .orElseThrow();
    assertThat(started).allMatch(e -> e.seq() < firstCompletion);
  }

  @Test
  void defaultCapIsThree() {
    Finished run = run(parallel(null, "a", "b", "c", "d", "e"));

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.peak.get()).isEqualTo(3);
  }

  @Test
  void fanOutStepCapBoundsItsTasksUnderALargerRunCap() {
    Finished run =
        run(
            """
            name: fan-cap
            defaults: {max_concurrency: 10, heartbeat_timeout: 2s}
            steps:
              - id: fan
                for_each: "{{ inputs.items }}"
                max_concurrency: 2
                prompt: "item {{ item }}"
                with: {work_ms: 200}
            inputs:
              items: [1, 2, 3, 4, 5]
            """);

    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.peak.get()).isEqualTo(2);
    assertThat(run.result().steps().get(0).tasks())
        .extracting(t -> t.item().asInt())
        .containsExactly(1, 2, 3, 4, 5);
  }
}
