package dev.skein.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

// Needs h2's Templates.references, Condition.parse and Dependencies.of (branch h2-template):
// until that branch is merged these tests fail with UnsupportedOperationException("TODO").
/** One malformed document per rule; each asserts the sentence (and line) the rule produces. */
class ValidationTest {

  @Test
  void missingName() {
    assertThat(problems("steps:\n  - id: a\n    prompt: x\n"))
        .containsExactly(
            "test.yaml:1: the pipeline has no name: add 'name:' (lowercase letters, digits, - and _)");
  }

  @Test
  void malformedName() {
    assertThat(problems("name: Code Review\nsteps:\n  - id: a\n    prompt: x\n"))
        .containsExactly(
            "test.yaml:1: malformed pipeline name 'Code Review' (use lowercase letters, digits, '-'"
                + " and '_', starting with a letter or digit)");
  }

  @Test
  void emptyPipeline() {
    assertThat(problems("name: p\nsteps: []\n"))
        .containsExactly("test.yaml:2: the pipeline is empty: 'steps' has no steps");
    assertThat(problems("name: p\n"))
        .containsExactly("test.yaml:1: the pipeline is empty: it has no 'steps'");
  }

  @Test
  void duplicateStepId() {
    assertThat(problems(steps("- {id: a, prompt: x}", "- {id: a, prompt: y}")))
        .containsExactly("test.yaml:4: step 'a': duplicate step id 'a' (first declared on line 3)");
  }

  @Test
  void malformedStepId() {
    assertThat(problems(steps("- {id: Bad_Id, prompt: x}")))
        .containsExactly(
            "test.yaml:3: step 'Bad_Id': malformed step id 'Bad_Id' (use lowercase letters,"
                + " digits, '-' and '_', starting with a letter or digit)");
    assertThat(problems(steps("- {prompt: x}")))
        .containsExactly("test.yaml:3: step 'steps[1]': the step has no 'id'");
  }

  @Test
  void unknownKeysAtEachLevel() {
    assertThat(problems("name: p\nstepz: []\nsteps:\n  - {id: a, prompt: x}\n"))
        .containsExactly(
            "test.yaml:2: unknown key 'stepz' at the top level (allowed: name, description,"
                + " inputs, defaults, timeout, mode, agents, steps, budget, on_budget)");
    assertThat(problems("name: p\ndefaults: {retries: 3}\n" + "steps:\n  - {id: a, prompt: x}\n"))
        .singleElement()
        .asString()
        .startsWith("test.yaml:2: unknown key 'retries' in 'defaults' (allowed: max_concurrency,");
    assertThat(problems(steps("- {id: a, prompt: x, promt: y}")))
        .singleElement()
        .asString()
        .startsWith("test.yaml:3: step 'a': unknown key 'promt' (allowed: id, agent, prompt,");
    assertThat(problems(steps("- {id: a, prompt: x, retry: {attempts: 2}}")))
        .singleElement()
        .asString()
        .startsWith(
            "test.yaml:3: step 'a': unknown key 'attempts' in 'retry' (allowed: max_attempts,");
    assertThat(
            problems(
                "name: p\nagents:\n  c:\n    kind: command\n    command: [x]\n    model: m\n"
                    + "steps:\n  - {id: a, agent: c}\n"))
        .singleElement()
        .asString()
        .startsWith("test.yaml:6: unknown key 'model' in 'agents.c' (allowed: kind, command,");
    assertThat(
            problems(
                steps("- {id: a, prompt: x, on_result: [{when: always, action: abort, then: x}]}")))
        .singleElement()
        .asString()
        .contains("unknown key 'then' in 'on_result[1]'");
  }

  @Test
  void unknownDependency() {
    assertThat(problems(steps("- {id: a, prompt: x}", "- {id: b, prompt: y, depends_on: [a, c]}")))
        .containsExactly(
            "test.yaml:4: step 'b': 'depends_on' names unknown step 'c' (steps: a, b)");
  }

  @Test
  void unknownJoinBranch() {
    assertThat(problems(steps("- {id: a, prompt: x}", "- {id: j, join: [a, zz]}")))
        .containsExactly("test.yaml:4: step 'j': 'join' names unknown step 'zz' (steps: a, j)");
  }

  @Test
  void dependsOnItself() {
    assertThat(problems(steps("- {id: a, prompt: x, depends_on: [a]}")))
        .containsExactly("test.yaml:3: step 'a': the step depends on itself (depends_on)");
  }

  @Test
  void templateNamingUnknownStepOrInput() {
    assertThat(
            problems(
                "name: p\ninputs: {repo: .}\nsteps:\n"
                    + "  - id: a\n"
                    + "    prompt: \"{{ steps.nope.output }} {{ inputs.rep }}\"\n"
                    + "    with: {path: \"{{ inputs.missing }}\"}\n"))
        .containsExactly(
            "test.yaml:5: step 'a': prompt refers to unknown step 'nope' (steps: a)",
            "test.yaml:5: step 'a': prompt refers to unknown input 'rep' (declared inputs: repo)",
            "test.yaml:6: step 'a': with.path refers to unknown input 'missing' (declared inputs:"
                + " repo)");
  }

  @Test
  void unknownReferencesInForEachAndConditions() {
    assertThat(
            problems(
                steps(
                    "- id: a",
                    "  prompt: x",
                    "  for_each: \"{{ inputs.list }}\"",
                    "  when: \"steps.ghost.status == 'succeeded'\"",
                    "  on_result: [{when: \"steps.other.status == 'failed'\", action: abort}]")))
        .containsExactly(
            "test.yaml:5: step 'a': for_each refers to unknown input 'list' (declared inputs:"
                + " none)",
            "test.yaml:6: step 'a': when refers to unknown step 'ghost' (steps: a)",
            "test.yaml:7: step 'a': on_result[1].when refers to unknown step 'other' (steps: a)");
  }

  @Test
  void itemOutsideAFanOut() {
    assertThat(problems(steps("- {id: a, prompt: \"do {{ item }}\"}")))
        .containsExactly(
            "test.yaml:3: step 'a': prompt uses 'item', which exists only in the prompt and with"
                + " of a step with for_each");
    assertThat(problems(steps("- {id: a, prompt: x, with: {n: \"{{ index }}\"}}")))
        .singleElement()
        .asString()
        .contains("with.n uses 'index'");
  }

  @Test
  void cycleIsPrintedAsAPath() {
    assertThat(
            problems(
                steps(
                    "- {id: a, prompt: x, depends_on: [c]}",
                    "- {id: b, prompt: \"{{ steps.a.output }}\"}",
                    "- {id: c, prompt: y, depends_on: [b]}",
                    "- {id: d, prompt: z}")))
        .containsExactly("test.yaml:3: step 'a': dependency cycle: a -> c -> b -> a");
  }

  @Test
  void joinWithNoBranches() {
    assertThat(problems(steps("- {id: j, join: []}")))
        .containsExactly(
            "test.yaml:3: step 'j': the join has no branches: 'join' must name at least one step");
  }

  @Test
  void joinThatIsAlsoAnAgentStep() {
    assertThat(problems(steps("- {id: a, prompt: x}", "- {id: j, join: [a], prompt: merge}")))
        .containsExactly(
            "test.yaml:4: step 'j': the step is both a join and an agent step: a join merges its"
                + " branches and has no prompt");
  }

  @Test
  void forEachOnAJoin() {
    assertThat(problems(steps("- {id: a, prompt: x}", "- {id: j, join: [a], for_each: \"[1]\"}")))
        .containsExactly(
            "test.yaml:4: step 'j': for_each cannot be used on a join step: fan out in a branch"
                + " and join that step");
  }

  @Test
  void maxConcurrencyOutOfRange() {
    assertThat(problems(steps("- {id: a, prompt: x, max_concurrency: 0}")))
        .containsExactly(
            "test.yaml:3: step 'a': 'max_concurrency' must be between 1 and 1000 (Temporal allows"
                + " at most 2,000 pending activities per workflow), not 0");
    assertThat(
            problems("name: p\ndefaults: {max_concurrency: 5000}\nsteps: [{id: a, prompt: x}]\n"))
        .singleElement()
        .asString()
        .startsWith("test.yaml:2: 'defaults.max_concurrency' must be between 1 and 1000");
  }

  @Test
  void integersMustBeWholeAndNotHuge() {
    assertThat(problems(steps("- {id: a, prompt: x, max_concurrency: 2.5}")))
        .containsExactly(
            "test.yaml:3: step 'a': 'max_concurrency' must be a whole number, not 2.5");
    assertThat(problems(steps("- {id: a, prompt: x, retry: {max_attempts: 99999999999999999999}}")))
        .singleElement()
        .asString()
        .contains("'retry.max_attempts' is too large");
    assertThat(problems(steps("- {id: a, prompt: x, max_concurrency: \"3\"}")))
        .containsExactly(
            "test.yaml:3: step 'a': 'max_concurrency' must be a whole number, not a string");
  }

  @Test
  void badDurations() {
    assertThat(problems(steps("- {id: a, prompt: x, timeout: 10 minutes}")))
        .containsExactly(
            "test.yaml:3: step 'a': invalid duration '10 minutes' (expected a whole number and a"
                + " unit: ms, s, m or h, like 500ms, 30s, 10m, 2h) for 'timeout'");
    assertThat(problems("name: p\ntimeout: 0s\nsteps: [{id: a, prompt: x}]\n"))
        .containsExactly("test.yaml:2: invalid duration for 'timeout': it must be more than 0");
  }

  @Test
  void badRetry() {
    assertThat(
            problems(
                steps(
                    "- id: a",
                    "  prompt: x",
                    "  retry: {max_attempts: 0, backoff: 0.5, initial_interval: 2m, max_interval: 1m}")))
        .containsExactly(
            "test.yaml:5: step 'a': 'retry.max_attempts' must be between 1 and 2147483647, not 0",
            "test.yaml:5: step 'a': 'retry.backoff' must be at least 1.0, not 0.5",
            "test.yaml:5: step 'a': 'retry.max_interval' must not be shorter than"
                + " 'retry.initial_interval' (it is 1m against 2m)");
  }

  @Test
  void unknownAgent() {
    assertThat(problems(steps("- {id: a, agent: claude, prompt: x}")))
        .containsExactly(
            "test.yaml:3: step 'a': unknown agent 'claude' (declared: none; built-in: echo,"
                + " sleep, fail)");
    assertThat(problems("name: p\ndefaults: {agent: gpt}\nsteps: [{id: a, prompt: x}]\n"))
        .containsExactly(
            "test.yaml:2: defaults: unknown agent 'gpt' (declared: none; built-in: echo, sleep,"
                + " fail)");
  }

  @Test
  void agentKindThatDoesNotExist() {
    assertThat(problems("name: p\nagents:\n  x: {kind: shell}\nsteps: [{id: a, agent: echo}]\n"))
        .containsExactly(
            "test.yaml:3: agent 'x' has unknown kind 'shell' (kinds: command, openai, echo, sleep,"
                + " fail)");
  }

  @Test
  void agentConfigurationErrors() {
    assertThat(
            problems(
                "name: p\nagents:\n"
                    + "  c: {kind: command, command: [], prompt_via: pipe, max_output: lots}\n"
                    + "  o: {kind: openai, model: m}\n"
                    + "steps: [{id: a, agent: echo}]\n"))
        .containsExactly(
            "test.yaml:3: 'agents.c.command' must not be empty",
            "test.yaml:3: 'agents.c.prompt_via' must be one of stdin, env, arg, not 'pipe'",
            "test.yaml:3: invalid size 'lots' (expected bytes, or a number with KiB, MiB, GiB,"
                + " KB, MB or GB, like 256KiB) for 'agents.c.max_output'",
            "test.yaml:4: openai agent 'o' needs 'agents.o.base_url'");
  }

  @Test
  void agentWorkdirReferences() {
    assertThat(
            problems(
                "name: p\nagents:\n"
                    + "  c: {kind: command, command: [x], workdir: \"{{ inputs.repo }}/{{ item }}\"}\n"
                    + "  d: {kind: command, command: [x], workdir: \"{{ steps.a.output }}\"}\n"
                    + "steps: [{id: a, agent: c}]\n"))
        .containsExactly(
            "test.yaml:3: agent 'c': workdir refers to unknown input 'repo' (declared inputs:"
                + " none)",
            "test.yaml:4: agent 'd': workdir may use inputs, run.id, pipeline.name, item and"
                + " index, not 'steps.a.output'",
            "test.yaml:5: step 'a': agent 'c' has a workdir that uses 'item', but the step has no"
                + " for_each");
  }

  @Test
  void invalidOutputSchema() {
    assertThat(problems(steps("- id: a", "  prompt: x", "  output_schema: {type: objekt}")))
        .singleElement()
        .asString()
        .startsWith("test.yaml:5: step 'a': output_schema is not a valid JSON Schema: ");
    assertThat(problems(steps("- id: a", "  prompt: x", "  output_schema: {required: yes}")))
        .singleElement()
        .asString()
        .contains("not a valid JSON Schema");
  }

  @Test
  void whenThatDoesNotParse() {
    assertThat(problems(steps("- {id: a, prompt: x, when: \"steps.a.status ==\"}")))
        .singleElement()
        .asString()
        .startsWith("test.yaml:3: step 'a': when expression does not parse: ");
    assertThat(problems(steps("- {id: a, prompt: x, on_result: [{when: \"((\", action: abort}]}")))
        .singleElement()
        .asString()
        .startsWith("test.yaml:3: step 'a': on_result[1].when expression does not parse: ");
  }

  @Test
  void enumsMustBeKnown() {
    assertThat(
            problems(
                "name: p\nmode: parallel\nsteps:\n"
                    + "  - {id: a, prompt: x, for_each: '[1]', on_error: ignore, on_result: [{when: always, action: retry}]}\n"))
        .containsExactly(
            "test.yaml:2: 'mode' must be one of levels, dataflow, not 'parallel'",
            "test.yaml:4: step 'a': 'on_error' must be one of fail_fast, wait_for_all, pause, not 'ignore'",
            "test.yaml:4: step 'a': 'on_result[1].action' must be one of abort, continue, not"
                + " 'retry'");
  }

  @Test
  void typeErrorsNameTheKeyAndType() {
    assertThat(problems(steps("- {id: a, prompt: [x], depends_on: a, allow_failure: maybe}")))
        .containsExactly(
            "test.yaml:3: step 'a': 'prompt' must be a string, not a list",
            "test.yaml:3: step 'a': 'depends_on' must be a list of strings, not a string",
            "test.yaml:3: step 'a': 'allow_failure' must be true or false, not a string");
  }

  @Test
  void stepThatDoesNothing() {
    assertThat(problems(steps("- {id: a}")))
        .containsExactly(
            "test.yaml:3: step 'a': the step has no prompt, agent or join, so it does nothing");
  }

  @Test
  void collectsEveryProblem() {
    List<String> all =
        problems(
            "name: Bad\nsteps:\n  - {id: a, agent: ghost, prompt: x}\n  - {id: a, join: []}\n");
    assertThat(all).hasSize(4);
  }

  @Test
  void treesWithoutTextHaveNoLines() throws Exception {
    var tree = PipelineDocument.parse(steps("- {id: a, depends_on: [b], prompt: x}"), "x").tree();
    InvalidPipelineException e =
        catchThrowableOfType(InvalidPipelineException.class, () -> PipelineParser.parse(tree));
    assertThat(e.problems())
        .singleElement()
        .asString()
        .isEqualTo("step 'a': 'depends_on' names unknown step 'b' (steps: a)");
  }

  /** A document named p with these lines under {@code steps:} (indented two spaces). */
  static String steps(String... lines) {
    StringBuilder sb = new StringBuilder("name: p\nsteps:\n");
    for (String line : lines) {
      sb.append("  ").append(line).append('\n');
    }
    return sb.toString();
  }

  static List<String> problems(String yaml) {
    InvalidPipelineException e =
        catchThrowableOfType(
            InvalidPipelineException.class,
            () -> PipelineParser.parse(PipelineDocument.parse(yaml, "test.yaml")));
    assertThat(e).as("expected problems in:\n" + yaml).isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }
}
