package dev.skein.plan;

import static dev.skein.plan.Steps.agent;
import static dev.skein.plan.Steps.full;
import static dev.skein.plan.Steps.join;
import static dev.skein.plan.Steps.prompt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.model.OnResultRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependenciesTest {

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void explicitDependsOnAndJoin() {
    assertThat(Dependencies.of(agent("a", "x", "y"))).containsExactly("x", "y");
    assertThat(Dependencies.of(join("j", "b", "a", "c"))).containsExactly("b", "a", "c");
    assertThat(Dependencies.of(agent("root"))).isEmpty();
  }

  @Test
  void inferredFromThePrompt() {
    assertThat(
            Dependencies.of(
                prompt(
                    "s",
                    "Review {{ steps.plan.output }} with {{ inputs.repo }} and {{"
                        + " steps.findings.security.summary }} after {{ steps.plan.status }}")))
        .containsExactly("plan", "findings");
  }

  @Test
  void inferredFromEveryStringLeafOfWith() {
    JsonNode with =
        json(
            "{\"message\":\"{{ steps.a.output }}\",\"n\":3,"
                + "\"list\":[\"x\",{\"deep\":\"{{ steps.b.output.k }} {{ steps.a.status }}\"}],"
                + "\"{{ steps.keys.output }}\":\"keys are not templates\"}");
    assertThat(Dependencies.of(full("s", null, with, null, null, List.of(), List.of())))
        .containsExactly("a", "b");
  }

  @Test
  void inferredFromForEachAndWhen() {
    assertThat(
            Dependencies.of(
                full("s", null, null, "{{ steps.list.output.items }}", null, List.of(), List.of())))
        .containsExactly("list");
    assertThat(
            Dependencies.of(
                full(
                    "s",
                    null,
                    null,
                    null,
                    "steps.gate.status == 'succeeded' && !(steps.check.output.ok) || inputs.force",
                    List.of(),
                    List.of())))
        .containsExactly("gate", "check");
  }

  @Test
  void inferredFromOnResultExceptSelf() {
    List<OnResultRule> rules =
        List.of(
            new OnResultRule("output.verdict == 'reject'", OnResultRule.Action.ABORT),
            new OnResultRule(
                "steps.s.status == 'failed' || steps.budget.output.left == 0",
                OnResultRule.Action.ABORT),
            new OnResultRule("always", OnResultRule.Action.CONTINUE));
    assertThat(Dependencies.of(full("s", null, null, null, null, List.of(), rules)))
        .containsExactly("budget");
  }

  @Test
  void firstMentionOrderWithoutDuplicates() {
    JsonNode with = json("{\"a\":\"{{ steps.w.output }} {{ steps.p.output }}\"}");
    assertThat(
            Dependencies.of(
                full(
                    "s",
                    "{{ steps.p.output }} {{ steps.e.output }} {{ steps.p.status }}",
                    with,
                    "{{ steps.f.output }}",
                    "steps.c.status == 'x' && steps.w.status == 'y'",
                    List.of("e", "d"),
                    List.of(new OnResultRule("steps.o.output == 1", OnResultRule.Action.ABORT)))))
        .containsExactly("e", "d", "p", "w", "f", "c", "o");
  }

  @Test
  void selfReferenceOutsideOnResultIsKeptSoACycleCheckSeesIt() {
    assertThat(Dependencies.of(prompt("s", "{{ steps.s.output }}"))).containsExactly("s");
  }

  @Test
  void templatesThatDoNotParseContributeNothing() {
    assertThat(
            Dependencies.of(
                full(
                    "s",
                    "{{ steps.a.output }} {{ steps.b.output",
                    json("{\"x\":\"{{ steps.c.output }}\",\"y\":\"{{ }}\"}"),
                    "{{ nope.x }}",
                    "steps.d.status == ",
                    List.of(),
                    List.of(new OnResultRule("((", OnResultRule.Action.ABORT)))))
        .containsExactly("c");
  }
}
