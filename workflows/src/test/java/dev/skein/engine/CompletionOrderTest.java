package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.run.RunEvent;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Results keep declaration/input order; each completion is visible the moment it happens. */
class CompletionOrderTest extends EngineTestBase {

  @Test
  void resultsAreInDeclarationAndInputOrderWhenCompletionsArriveReversed() {
    String id =
        start(
            """
            name: reversed
            defaults: {max_concurrency: 10, heartbeat_timeout: 2s}
            inputs: {items: [w, x, y, z]}
            steps:
              - {id: a, prompt: a, with: {gate: true}}
              - {id: b, prompt: b, with: {gate: true}}
              - {id: c, prompt: c, with: {gate: true}}
              - id: fan
                for_each: "{{ inputs.items }}"
                prompt: "{{ item }}"
                with: {gate: true}
            """);
    List<String> releaseOrder = List.of("fan#3", "fan#2", "fan#1", "fan#0", "c", "b", "a");
    eventually("all seven agents running", () -> agents.running.get() == 7);
    for (String label : releaseOrder) {
      agents.release(label);
      eventually(label + " completed", () -> completed(id).contains(label));
    }
    RunResult result = await(id).result();

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(completed(id)).containsExactlyElementsOf(withFanStep(releaseOrder));
    assertThat(result.steps()).extracting(s -> s.id()).containsExactly("a", "b", "c", "fan");
    assertThat(step(result, "fan").tasks()).extracting(t -> t.index()).containsExactly(0, 1, 2, 3);
    // Each output appears once: in its task, not again as the step's array.
    assertThat(step(result, "fan").tasks())
        .extracting(t -> t.output())
        .containsExactly("w", "x", "y", "z");
    assertThat(step(result, "fan").output()).isNull();
  }

  private static List<String> withFanStep(List<String> order) {
    List<String> expected = new java.util.ArrayList<>(order);
    expected.add(4, "fan");
    return expected;
  }

  private List<String> completed(String id) {
    return events(id).stream()
        .filter(e -> e.type().equals(RunEvent.STEP_COMPLETED))
        .map(e -> e.task() == null ? e.step() : e.step() + "#" + e.task())
        .toList();
  }

  /**
   * The reason for {@code Promise.anyOf}: with steps of 1 s, 5 s and 30 s in one level, a query at
   * about 2 s already shows the 1 s step succeeded while the others still run.
   */
  @Test
  void eachCompletionIsVisibleWhileSlowerSiblingsStillRun() {
    String id =
        start(
            """
            name: visibility
            defaults: {heartbeat_timeout: 2s}
            steps:
              - {id: one, prompt: one, with: {work_ms: 1000}}
              - {id: five, prompt: five, with: {work_ms: 5000}}
              - {id: thirty, prompt: thirty, with: {work_ms: 30000}}
            """);
    long t0 = env.currentTimeMillis();
    Map<String, Long> visibleAt = new LinkedHashMap<>();
    env.sleep(java.time.Duration.ofSeconds(2));
    long queriedAt = env.currentTimeMillis() - t0;
    RunResult atTwoSeconds = progress(id);
    List<RunEvent> eventsAtTwoSeconds = events(id);

    assertThat(step(atTwoSeconds, "one").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(step(atTwoSeconds, "five").status()).isEqualTo(StepStatus.RUNNING);
    assertThat(step(atTwoSeconds, "thirty").status()).isEqualTo(StepStatus.RUNNING);
    assertThat(eventsAtTwoSeconds)
        .filteredOn(e -> e.type().equals(RunEvent.STEP_COMPLETED))
        .extracting(RunEvent::step)
        .containsExactly("one");

    // Measure when each completion became visible to a query (test-environment time).
    while (visibleAt.size() < 3) {
      RunResult now = progress(id);
      for (var s : now.steps()) {
        if (s.status() == StepStatus.SUCCEEDED && !visibleAt.containsKey(s.id())) {
          visibleAt.put(s.id(), env.currentTimeMillis() - t0);
        }
      }
      try {
        Thread.sleep(100); // measurement sampling interval, not synchronisation
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    Finished run = await(id);
    assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.peak.get()).isEqualTo(3);
    System.out.printf(
        "visibility: query at %d ms saw one=%s five=%s thirty=%s; peak concurrency %d;"
            + " succeeded visible at %s (ms since start); completed_at offsets %s%n",
        queriedAt,
        step(atTwoSeconds, "one").status(),
        step(atTwoSeconds, "five").status(),
        step(atTwoSeconds, "thirty").status(),
        agents.peak.get(),
        visibleAt,
        run.result().steps().stream()
            .map(s -> s.id() + "=" + between(run.result().startedAt(), s.completedAt()).toMillis())
            .toList());
  }
}
