package dev.skein.parse;

import static dev.skein.parse.ValidationTest.problems;
import static dev.skein.parse.ValidationTest.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks added after the first release: each refuses, under the current rules, a document the
 * first release accepted, and the first release's rules (for replaying its runs) still accept it.
 */
class StrictChecksTest {

  private static final String COMMAND_AGENT =
      "name: p\n"
          + "agents:\n"
          + "  tool:\n"
          + "    kind: command\n"
          + "    command: [cat, '{{ steps.%s.output }}']\n"
          + "    env: {}\n"
          + "steps:\n"
          + "  - {id: a, prompt: x}\n"
          + "  - {id: b, agent: tool, prompt: y%s}\n";

  @Test
  void commandTemplatesReadOnlyStepsTheStepWaitsFor() {
    String unknown = COMMAND_AGENT.formatted("nope", "");
    assertThat(problems(unknown))
        .containsExactly(
            "test.yaml:5: agent 'tool': command refers to unknown step 'nope' (steps: a, b)");
    acceptedByFirstRelease(unknown);

    String notWaited = COMMAND_AGENT.formatted("a", "");
    assertThat(problems(notWaited))
        .containsExactly(
            "test.yaml:9: step 'b': agent 'tool': command reads step 'a', which this step does"
                + " not wait for, so it may not have finished: add 'a' to the step's depends_on");
    acceptedByFirstRelease(notWaited);

    assertThat(parses(COMMAND_AGENT.formatted("a", ", depends_on: [a]"))).isTrue();
  }

  @Test
  void envTemplatesAreChecked() {
    String yaml =
        "name: p\nagents:\n  tool:\n    kind: command\n    command: [env]\n"
            + "    env: {TOKEN: '{{ inputs.missing }}'}\n"
            + "steps:\n  - {id: a, agent: tool, prompt: x}\n";
    assertThat(problems(yaml))
        .containsExactly(
            "test.yaml:6: agent 'tool': env refers to unknown input 'missing' (declared inputs:"
                + " none)");
  }

  @Test
  void onErrorOnASingleAgentStepIsRefused() {
    String yaml = steps("- {id: a, prompt: x, on_error: wait_for_all}");
    assertThat(problems(yaml)).singleElement().asString().contains("on_error has no effect");
    acceptedByFirstRelease(yaml);
    assertThat(parses(steps("- {id: a, prompt: x, for_each: '[1]', on_error: wait_for_all}")))
        .isTrue();
  }

  @Test
  void remoteRefsInOutputSchemaAreRefused() {
    String yaml =
        steps("- id: a", "  prompt: x", "  output_schema: {$ref: 'https://example.com/s.json'}");
    assertThat(problems(yaml))
        .containsExactly(
            "test.yaml:5: step 'a': output_schema may only use local references ($ref: '#/…');"
                + " 'https://example.com/s.json' would be fetched when the schema is used: copy"
                + " that schema into $defs");
    acceptedByFirstRelease(yaml);
    assertThat(
            parses(
                steps(
                    "- id: a",
                    "  prompt: x",
                    "  output_schema: {$defs: {s: {type: object}}, $ref: '#/$defs/s'}")))
        .isTrue();
  }

  @Test
  void builtInAgentsRefuseKeysTheyDoNotRead() {
    String yaml = steps("- {id: a, agent: sleep, with: {duraton: 2s}}");
    assertThat(problems(yaml))
        .containsExactly(
            "test.yaml:3: step 'a': the sleep agent does not read with.duraton (it reads:"
                + " duration)");
    acceptedByFirstRelease(yaml);
    assertThat(parses(steps("- {id: a, agent: fail, with: {times: 1, message: m}}"))).isTrue();
  }

  @Test
  void withWithoutAnAgentSaysWhatToAdd() {
    assertThat(problems(steps("- {id: a, with: {duration: 2s}}")))
        .singleElement()
        .asString()
        .contains("has 'with' but no prompt or agent")
        .contains("add 'agent:'");
  }

  @Test
  void statusLiteralsMustBeStatuses() {
    String yaml =
        steps(
            "- {id: a, prompt: x}", "- {id: b, prompt: y, when: \"steps.a.status == 'success'\"}");
    assertThat(problems(yaml))
        .containsExactly(
            "test.yaml:4: step 'b': when: 'success' is not a status: steps.a.status is one of"
                + " pending, running, succeeded, failed, cancelled, skipped");
    acceptedByFirstRelease(yaml);
  }

  @Test
  void orderingAndInAreNewSyntax() {
    String yaml =
        "name: p\ninputs: {n: 2, lang: go}\nsteps:\n"
            + "  - {id: a, prompt: x, when: \"inputs.n < 3 && inputs.lang in ['go', 'java']\"}\n";
    assertThat(parses(yaml)).isTrue();
    // The first release refused them; its runs must replay as refused.
    assertThat(
            catchProblems(yaml, Rules.FIRST_RELEASE).stream()
                .anyMatch(p -> p.contains("unexpected character '<'")))
        .isTrue();
  }

  @Test
  void templatePathsTheOutputSchemaCannotHaveAreRefused() {
    String yaml =
        steps(
            "- id: a",
            "  prompt: x",
            "  output_schema:",
            "    type: object",
            "    properties: {verdict: {type: string}}",
            "    additionalProperties: false",
            "- {id: b, prompt: '{{ steps.a.output.verdit }}'}",
            "- {id: c, prompt: '{{ steps.a.output.verdict.x }}'}",
            "- {id: d, prompt: '{{ steps.a.output.verdict }}'}");
    assertThat(problems(yaml))
        .containsExactly(
            "test.yaml:9: step 'b': prompt refers to 'steps.a.output.verdit': output has no field"
                + " 'verdit' (the schema allows only: verdict), under step 'a''s output_schema",
            "test.yaml:10: step 'c': prompt refers to 'steps.a.output.verdict.x': output.verdict"
                + " is of type string, so it has no field 'x', under step 'a''s output_schema");
    acceptedByFirstRelease(yaml);
  }

  @Test
  void neverTrueWhenConditionsAreWarnings() throws Exception {
    String yaml =
        steps(
            "- {id: a, prompt: x}",
            "- {id: b, prompt: y, when: \"steps.a.status == 'skipped'\"}",
            "- {id: c, prompt: y, when: \"steps.a.status == 'failed'\"}",
            "- {id: d, prompt: y, allow_failure: true}",
            "- {id: e, prompt: y, when: \"steps.d.status == 'failed'\"}");
    PipelineDocument doc = PipelineDocument.parse(yaml, "test.yaml");
    List<String> warnings =
        ConditionWarnings.of(doc, PipelineParser.parse(doc)).stream()
            .map(Problem::toString)
            .toList();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0))
        .startsWith("test.yaml:4: step 'b': when: steps.a.status == 'skipped' can never be true");
    assertThat(warnings.get(1))
        .startsWith("test.yaml:5: step 'c': when: steps.a.status == 'failed' can never be true")
        .contains("allow_failure");
  }

  private static void acceptedByFirstRelease(String yaml) {
    assertThatCode(
            () -> PipelineParser.parse(PipelineDocument.parse(yaml, "t.yaml"), Rules.FIRST_RELEASE))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> PipelineParser.parse(PipelineDocument.parse(yaml, "t.yaml"), Rules.ACCEPTED))
        .doesNotThrowAnyException();
  }

  private static boolean parses(String yaml) {
    assertThatCode(() -> PipelineParser.parse(PipelineDocument.parse(yaml, "t.yaml")))
        .doesNotThrowAnyException();
    return true;
  }

  private static List<String> catchProblems(String yaml, Rules rules) {
    try {
      PipelineParser.parse(PipelineDocument.parse(yaml, "t.yaml"), rules);
      return List.of();
    } catch (InvalidPipelineException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }
}
