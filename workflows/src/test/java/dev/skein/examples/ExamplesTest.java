package dev.skein.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.model.AgentConfig;
import dev.skein.model.ErrorPolicy;
import dev.skein.model.Mode;
import dev.skein.model.OnResultRule;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped examples are documentation that must not rot: each validates clean, its JSON copy is
 * the same pipeline, and together the built-in examples still use every construct of the language.
 */
class ExamplesTest {

  static Stream<Path> yamlExamples() {
    return RepositoryFiles.yamlExamples().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("yamlExamples")
  void yamlExampleValidatesClean(Path yaml) throws InvalidPipelineException {
    Pipeline pipeline = parse(yaml);

    assertThat(pipeline.steps()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("yamlExamples")
  void jsonCopyIsTheSamePipeline(Path yaml) throws InvalidPipelineException {
    Path json = RepositoryFiles.jsonCopyOf(yaml);
    assertThat(json).as("JSON copy of %s", yaml).isRegularFile();

    PipelineDocument fromYaml = PipelineDocument.read(yaml);
    PipelineDocument fromJson = PipelineDocument.read(json);

    assertThat(fromJson.tree()).isEqualTo(fromYaml.tree());
    assertThat(PipelineParser.parse(fromJson)).isEqualTo(PipelineParser.parse(fromYaml));
  }

  @Test
  void everyJsonCopyHasItsYamlOriginal() throws Exception {
    Path jsonDir = RepositoryFiles.examples().resolve("json");
    List<Path> originals = RepositoryFiles.yamlExamples();
    try (Stream<Path> files = Files.walk(jsonDir)) {
      files
          .filter(p -> p.toString().endsWith(".json"))
          .forEach(
              json ->
                  assertThat(originals.stream().map(RepositoryFiles::jsonCopyOf))
                      .as("YAML original of %s", json)
                      .contains(json));
    }
  }

  @Test
  void theDocumentedExamplesExist() {
    Path examples = RepositoryFiles.examples();
    for (String name :
        List.of(
            "hello.yaml",
            "fails.yaml",
            "agents/claude-code.yaml",
            "agents/codex.yaml",
            "agents/gemini.yaml",
            "agents/openai.yaml")) {
      assertThat(examples.resolve(name)).isRegularFile();
    }
  }

  @Test
  void builtInExamplesNeedNoExternalTool() throws InvalidPipelineException {
    for (Pipeline pipeline : builtInExamples()) {
      for (Step step : pipeline.steps()) {
        step.agent()
            .ifPresent(
                name ->
                    assertThat(AgentConfig.BUILT_INS)
                        .as("agent of step %s in %s", step.id(), pipeline.name())
                        .contains(pipeline.agent(name).orElseThrow().kind()));
      }
    }
  }

  @Test
  void helloIsASmallParallelDemo() throws InvalidPipelineException {
    Pipeline hello = parse(RepositoryFiles.examples().resolve("hello.yaml"));

    assertThat(hello.steps()).hasSizeBetween(6, 10);
    assertThat(hello.steps().stream().filter(s -> s.agent().equals(java.util.Optional.of("sleep"))))
        .as("sleeps of different lengths, so steps finish one by one")
        .hasSizeGreaterThanOrEqualTo(3);
  }

  /** Each construct of the language, and whether some built-in example uses it. */
  @Test
  void builtInExamplesTogetherUseEveryConstruct() throws InvalidPipelineException {
    List<Pipeline> pipelines = builtInExamples();
    List<Step> steps = pipelines.stream().flatMap(p -> p.steps().stream()).toList();

    List<String> missing = new ArrayList<>();
    check(missing, "fan-out", steps, Step::isFanOut);
    check(
        missing,
        "fan-out with its own max_concurrency",
        steps,
        s -> s.isFanOut() && s.options().maxConcurrency().isPresent());
    check(missing, "{{ item }}", steps, s -> s.prompt().orElse("").contains("{{ item"));
    check(missing, "{{ index }}", steps, s -> s.prompt().orElse("").contains("{{ index }}"));
    check(missing, "text join", steps, s -> s.isJoin() && s.outputSchema().isEmpty());
    check(missing, "structured join", steps, s -> s.isJoin() && s.outputSchema().isPresent());
    check(
        missing,
        "agent step with output_schema",
        steps,
        s -> !s.isJoin() && s.outputSchema().isPresent());
    check(missing, "when", steps, s -> s.when().isPresent());
    check(missing, "allow_failure", steps, Step::allowFailure);
    check(missing, "wait_for_all", steps, s -> s.options().onError() == ErrorPolicy.WAIT_FOR_ALL);
    check(
        missing,
        "on_result abort",
        steps,
        s -> s.onResult().stream().anyMatch(r -> r.action() == OnResultRule.Action.ABORT));
    check(
        missing,
        "on_result continue",
        steps,
        s -> s.onResult().stream().anyMatch(r -> r.action() == OnResultRule.Action.CONTINUE));
    check(missing, "retry override", steps, s -> s.options().retry().maxAttempts() > 3);
    check(missing, "depends_on", steps, s -> !s.dependsOn().isEmpty());
    check(
        missing,
        "inferred dependency",
        steps,
        s -> s.dependsOn().isEmpty() && s.prompt().orElse("").contains("{{ steps."));
    check(
        missing,
        "JSON-path template",
        steps,
        s -> s.prompt().orElse("").matches("(?s).*\\{\\{ steps\\.\\w+\\.output\\.\\w+.*"));
    check(missing, "sleep agent", steps, s -> s.agent().equals(java.util.Optional.of("sleep")));
    check(missing, "fail agent", steps, s -> s.agent().equals(java.util.Optional.of("fail")));
    if (pipelines.stream().noneMatch(p -> p.mode() == Mode.DATAFLOW)) {
      missing.add("mode: dataflow");
    }
    if (pipelines.stream().noneMatch(p -> p.timeout().isPresent())) {
      missing.add("run timeout");
    }

    assertThat(missing).as("constructs no built-in example uses").isEmpty();
  }

  private static void check(
      List<String> missing, String construct, List<Step> steps, Predicate<Step> uses) {
    if (steps.stream().noneMatch(uses)) {
      missing.add(construct);
    }
  }

  /** The examples at the top of {@code examples/}, which use only the built-in agents. */
  private static List<Pipeline> builtInExamples() throws InvalidPipelineException {
    List<Pipeline> pipelines = new ArrayList<>();
    for (Path yaml : RepositoryFiles.yamlExamples()) {
      if (yaml.getParent().equals(RepositoryFiles.examples())) {
        pipelines.add(parse(yaml));
      }
    }
    assertThat(pipelines).hasSizeGreaterThanOrEqualTo(3);
    return pipelines;
  }

  private static Pipeline parse(Path file) throws InvalidPipelineException {
    return PipelineParser.parse(PipelineDocument.read(file));
  }
}
