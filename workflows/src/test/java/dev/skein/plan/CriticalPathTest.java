package dev.skein.plan;

import static dev.skein.plan.Steps.agent;
import static dev.skein.plan.Steps.join;
import static dev.skein.plan.Steps.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Plan#criticalPath} and {@link Plan#independentPairs}, which {@code skein plan} shows. */
class CriticalPathTest {

  @Test
  void criticalPathIsTheLongestChain() {
    // a -> b -> c -> d is longer than a -> e -> d; f stands alone.
    Plan plan =
        Plan.of(
            pipeline(
                agent("a"),
                agent("e", "a"),
                agent("b", "a"),
                agent("c", "b"),
                agent("f"),
                join("d", "e", "c")));
    assertThat(plan.criticalPath()).containsExactly("a", "b", "c", "d");
    assertThat(plan.criticalPath()).hasSize(plan.levels().size());
  }

  @Test
  void criticalPathOfOneStepAndOfNone() {
    assertThat(Plan.of(pipeline(agent("only"))).criticalPath()).containsExactly("only");
    assertThat(Plan.of(pipeline()).criticalPath()).isEmpty();
  }

  @Test
  void independentPairsLeaveOutAncestorsHoweverFar() {
    // a -> b -> c, and x alone: c depends on a through b, so (a, c) is not a pair.
    Plan plan = Plan.of(pipeline(agent("a"), agent("b", "a"), agent("c", "b"), agent("x")));
    assertThat(plan.independentPairs())
        .containsExactly(List.of("a", "x"), List.of("b", "x"), List.of("c", "x"));
  }
}
