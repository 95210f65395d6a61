package dev.skein.parse;

import static dev.skein.parse.ValidationTest.problems;
import static dev.skein.parse.ValidationTest.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.skein.model.Approval;
import dev.skein.model.ErrorPolicy;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.model.StepKind;
import dev.skein.plan.Dependencies;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The human-in-the-loop keys: {@code approval} steps and {@code on_error: pause}, read under the
 * current rules and refused, as unknown, by the rules of engines before them.
 */
class HumanStepsValidationTest {

  private static final String GATE =
      steps(
          "- {id: review, prompt: x}",
          "- id: ship",
          "  approval:",
          "    prompt: 'Merge {{ steps.review.output }}?'",
          "    timeout: 72h",
          "    on_timeout: approve",
          "    on_reject: skip",
          "- {id: after, prompt: y, when: \"steps.ship.output.decision == 'approved'\"}");

  @Test
  void anApprovalStepIsReadWithItsPromptAndDefaults() throws Exception {
    Pipeline p = parse(GATE, Rules.CURRENT);
    Step ship = p.steps().get(1);
    assertThat(ship.kind()).isEqualTo(StepKind.APPROVAL);
    assertThat(ship.agent()).isEmpty();
    assertThat(ship.prompt()).contains("Merge {{ steps.review.output }}?");
    assertThat(ship.approval())
        .contains(
            new Approval(
                Optional.of(Duration.ofHours(72)),
                Approval.OnTimeout.APPROVE,
                Approval.OnReject.SKIP));
    assertThat(Dependencies.of(ship)).containsExactly("review");
    assertThat(Dependencies.of(p.steps().get(2))).containsExactly("ship");

    Step bare =
        parse(steps("- id: g", "  approval: {prompt: \"ok?\"}"), Rules.CURRENT).steps().get(0);
    assertThat(bare.approval())
        .contains(
            new Approval(Optional.empty(), Approval.OnTimeout.REJECT, Approval.OnReject.FAIL));
  }

  @Test
  void pauseOnErrorIsReadOnAgentStepsAndFanOuts() throws Exception {
    Pipeline p =
        parse(
            steps(
                "- {id: a, prompt: x, on_error: pause, pause_timeout: 2h}",
                "- {id: b, prompt: '{{ item }}', for_each: '[1]', on_error: pause}"),
            Rules.CURRENT);
    assertThat(p.steps().get(0).options().onError()).isEqualTo(ErrorPolicy.PAUSE);
    assertThat(p.steps().get(0).pauseTimeout()).contains(Duration.ofHours(2));
    assertThat(p.steps().get(1).pausesOnError()).isTrue();
    assertThat(p.steps().get(1).pauseTimeout()).isEmpty();
  }

  @Test
  void badApprovalsAreReportedEachWithWhy() {
    assertThat(problems(steps("- id: g", "  approval: {timeout: 1h}")))
        .containsExactly(
            "test.yaml:4: step 'g': the approval has no prompt: say what is to be approved"
                + " (approval: {prompt: \"Merge it?\"})");
    assertThat(problems(steps("- id: g", "  approval: {prompt: ok, on_timeout: approve}")))
        .containsExactly(
            "test.yaml:4: step 'g': 'approval.on_timeout' needs 'approval.timeout': without a"
                + " timeout the gate waits until the run's own timeout");
    assertThat(
            problems(steps("- id: g", "  approval: {prompt: ok, timeout: 1h, on_timeout: maybe}")))
        .containsExactly(
            "test.yaml:4: step 'g': 'approval.on_timeout' must be one of reject, approve, fail,"
                + " not 'maybe'");
    assertThat(problems(steps("- id: g", "  approval: {prompt: ok, on_reject: retry}")))
        .containsExactly(
            "test.yaml:4: step 'g': 'approval.on_reject' must be one of fail, skip, not 'retry'");
    assertThat(problems(steps("- id: g", "  approval: {prompt: ok, by: me}")))
        .singleElement()
        .asString()
        .contains(
            "unknown key 'by' in 'approval' (allowed: prompt, timeout, on_timeout, on_reject)");
    assertThat(problems(steps("- id: g", "  agent: echo", "  approval: {prompt: ok}")))
        .containsExactly(
            "test.yaml:4: step 'g': 'agent' has no meaning on an approval step: it waits for a"
                + " person, runs no agent (an approval step may have id, approval, depends_on,"
                + " when, allow_failure, on_result)");
    assertThat(problems(steps("- id: g", "  approval: {prompt: '{{ steps.nope.output }}'}")))
        .singleElement()
        .asString()
        .contains("approval.prompt refers to unknown step 'nope'");
  }

  @Test
  void badPausesAreReportedEachWithWhy() {
    assertThat(problems(steps("- {id: a, prompt: x, pause_timeout: 1h}")))
        .containsExactly(
            "test.yaml:3: step 'a': 'pause_timeout' bounds the wait of 'on_error: pause', which"
                + " this step does not have: add on_error: pause or remove pause_timeout");
    assertThat(problems(steps("- {id: a, prompt: x}", "- {id: j, join: [a], on_error: pause}")))
        .containsExactly(
            "test.yaml:4: step 'j': on_error: pause belongs on an agent step or a fan-out: a join"
                + " runs no agent to retry");
    assertThat(problems("name: p\ndefaults: {on_error: pause}\nsteps:\n  - {id: a, prompt: x}\n"))
        .containsExactly(
            "test.yaml:2: 'defaults.on_error' cannot be pause: put on_error: pause on the agent"
                + " steps and fan-outs whose failures should wait for a decision");
    assertThat(problems(steps("- {id: a, prompt: x, on_error: pause, pause_timeout: soon}")))
        .singleElement()
        .asString()
        .contains("for 'pause_timeout'");
  }

  @Test
  void enginesBeforeHumanRefuseTheNewKeysAsTheyDid() {
    for (Rules old : List.of(Rules.LANGUAGE, Rules.FIRST_RELEASE)) {
      assertThat(problemsUnder(GATE, old))
          .anySatisfy(p -> assertThat(p).contains("unknown key 'approval'"));
      assertThat(problemsUnder(steps("- {id: a, prompt: x, on_error: pause}"), old))
          .anySatisfy(
              p ->
                  assertThat(p)
                      .contains("'on_error' must be one of fail_fast, wait_for_all, not 'pause'"));
    }
  }

  private static Pipeline parse(String yaml, Rules rules) throws InvalidPipelineException {
    return PipelineParser.parse(PipelineDocument.parse(yaml, "test.yaml"), rules);
  }

  private static List<String> problemsUnder(String yaml, Rules rules) {
    InvalidPipelineException e =
        catchThrowableOfType(InvalidPipelineException.class, () -> parse(yaml, rules));
    assertThat(e).as("expected problems in:\n" + yaml).isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }
}
