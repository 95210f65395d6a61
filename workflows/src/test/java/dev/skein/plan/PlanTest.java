package dev.skein.plan;

import static dev.skein.plan.Steps.agent;
import static dev.skein.plan.Steps.join;
import static dev.skein.plan.Steps.pipeline;
import static dev.skein.plan.Steps.prompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanTest {

  @Test
  void diamond() {
    Plan plan =
        Plan.of(
            pipeline(
                agent("plan"),
                prompt("security", "Review {{ steps.plan.output }}"),
                agent("style", "plan"),
                join("findings", "security", "style"),
                prompt("report", "{{ steps.findings.output }}")));
    assertThat(plan.levels())
        .containsExactly(
            List.of("plan"), List.of("security", "style"), List.of("findings"), List.of("report"));
    assertThat(plan.levelOf("plan")).isZero();
    assertThat(plan.levelOf("findings")).isEqualTo(2);
    assertThat(plan.dependencies("findings")).containsExactly("security", "style");
    assertThat(plan.dependents("plan")).containsExactly("security", "style");
    assertThat(plan.dependents("report")).isEmpty();
    assertThat(plan.pipeline().name()).isEqualTo("test");
  }

  @Test
  void levelIsOnePlusTheDeepestDependency() {
    // c depends on a (level 0) and b (level 1): level 2, not 1.
    Plan plan = Plan.of(pipeline(agent("a"), agent("b", "a"), agent("c", "a", "b")));
    assertThat(plan.levels()).containsExactly(List.of("a"), List.of("b"), List.of("c"));
  }

  @Test
  void wideGraphKeepsDeclarationOrderInsideALevel() {
    List<Step> steps = new ArrayList<>();
    steps.add(agent("root"));
    List<String> wide = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String id = "w" + (49 - i); // declared in descending name order on purpose
      steps.add(agent(id, "root"));
      wide.add(id);
    }
    steps.add(join("all", wide.toArray(String[]::new)));
    Plan plan = Plan.of(pipeline(steps.toArray(Step[]::new)));
    assertThat(plan.levels()).hasSize(3);
    assertThat(plan.levels().get(1)).containsExactlyElementsOf(wide);
    assertThat(plan.dependents("root")).containsExactlyElementsOf(wide);
  }

  @Test
  void deepChainDoesNotRecurse() {
    int depth = 20_000;
    List<Step> steps = new ArrayList<>();
    steps.add(agent("s0"));
    for (int i = 1; i < depth; i++) {
      steps.add(agent("s" + i, "s" + (i - 1)));
    }
    Plan plan = Plan.of(pipeline(steps.toArray(Step[]::new)));
    assertThat(plan.levels()).hasSize(depth);
    assertThat(plan.levelOf("s" + (depth - 1))).isEqualTo(depth - 1);
  }

  @Test
  void dependenciesDeclaredLaterStillCount() {
    Plan plan = Plan.of(pipeline(agent("late", "early"), agent("early")));
    assertThat(plan.levels()).containsExactly(List.of("early"), List.of("late"));
  }

  @Test
  void disconnectedGraphsShareLevels() {
    Plan plan =
        Plan.of(
            pipeline(
                agent("a1"),
                agent("b1"),
                agent("a2", "a1"),
                agent("lonely"),
                agent("b2", "b1"),
                agent("b3", "b2")));
    assertThat(plan.levels())
        .containsExactly(List.of("a1", "b1", "lonely"), List.of("a2", "b2"), List.of("b3"));
  }

  @Test
  void readyForDataflow() {
    Pipeline p =
        pipeline(
            agent("a"),
            agent("slow"),
            agent("b", "a"),
            agent("c", "a", "slow"),
            join("j", "b", "c"));
    Plan plan = Plan.of(p);
    assertThat(plan.ready(Set.of())).containsExactly("a", "slow");
    // b starts as soon as a is done, without waiting for slow (its level-mate).
    assertThat(plan.ready(Set.of("a"))).containsExactly("slow", "b");
    assertThat(plan.ready(Set.of("a", "b"))).containsExactly("slow");
    assertThat(plan.ready(Set.of("a", "b", "slow"))).containsExactly("c");
    assertThat(plan.ready(Set.of("a", "b", "slow", "c"))).containsExactly("j");
    assertThat(plan.ready(Set.of("a", "b", "slow", "c", "j"))).isEmpty();
  }

  @Test
  void readyNeverReturnsDoneStepsAndRunsEverythingEventually() {
    Plan plan =
        Plan.of(pipeline(agent("x"), agent("y", "x"), agent("z", "x"), join("w", "y", "z")));
    Set<String> done = new HashSet<>();
    List<String> order = new ArrayList<>();
    while (done.size() < 4) {
      List<String> ready = plan.ready(done);
      assertThat(ready).isNotEmpty();
      assertThat(ready).noneMatch(done::contains);
      String first = ready.get(0);
      order.add(first);
      done.add(first);
    }
    assertThat(order).containsExactly("x", "y", "z", "w");
  }

  @Test
  void cycleIsAnIllegalArgumentNotALoop() {
    assertThatThrownBy(
            () ->
                Plan.of(pipeline(agent("root"), agent("a", "c"), agent("b", "a"), agent("c", "b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dependency cycle among steps [a, b, c]");
    assertThatThrownBy(() -> Plan.of(pipeline(prompt("self", "{{ steps.self.output }}"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dependency cycle among steps [self]");
  }

  @Test
  void unknownStepsAreRejected() {
    assertThatThrownBy(() -> Plan.of(pipeline(agent("a", "ghost"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step a depends on unknown step ghost");
    Plan plan = Plan.of(pipeline(agent("a")));
    assertThatThrownBy(() -> plan.levelOf("ghost")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> plan.dependencies("ghost"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void planIsImmutable() {
    Plan plan = Plan.of(pipeline(agent("a"), agent("b", "a")));
    assertThatThrownBy(() -> plan.levels().get(0).add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> plan.dependents("a").add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> plan.dependencies("b").clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
