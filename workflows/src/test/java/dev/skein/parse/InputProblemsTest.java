package dev.skein.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.model.Pipeline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inputs check clients run before starting, with the sentences the workflow uses. */
class InputProblemsTest {

  private static final Pipeline PIPELINE = parse();

  private static Pipeline parse() {
    try {
      return PipelineParser.parse(
          PipelineDocument.parse(
              """
              name: p
              inputs:
                topic:
                count: 3
                files: [a, b]
              steps:
                - id: each
                  for_each: "{{ inputs.files }}"
                  prompt: "{{ item }} {{ inputs.topic }} {{ inputs.count }}"
                - id: later
                  for_each: "{{ steps.each.output }}"
                  prompt: "{{ item }}"
              """,
              "p.yaml"));
    } catch (InvalidPipelineException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> problems(Map<String, JsonNode> given) {
    return InputProblems.check(PIPELINE, given).stream().map(Problem::toString).toList();
  }

  @Test
  void rightInputsHaveNoProblems() {
    assertThat(problems(Map.of("topic", TextNode.valueOf("x")))).isEmpty();
    assertThat(
            problems(
                Map.of(
                    "topic",
                    IntNode.valueOf(1),
                    "count",
                    IntNode.valueOf(7),
                    "files",
                    JsonNodeFactory.instance.arrayNode())))
        .isEmpty();
  }

  @Test
  void anUndeclaredInputHasTheWorkflowsSentence() {
    assertThat(problems(Map.of("topic", TextNode.valueOf("x"), "whoo", TextNode.valueOf("bob"))))
        .containsExactly(
            "input 'whoo' is not declared by the pipeline (declared: topic, count, files)");
    assertThat(InputProblems.undeclared(PIPELINE, "whoo").orElseThrow().toString())
        .isEqualTo(
            problems(Map.of("topic", IntNode.valueOf(1), "whoo", IntNode.valueOf(1))).get(0));
  }

  @Test
  void anInputDeclaredWithoutADefaultIsRequired() {
    assertThat(problems(Map.of()))
        .containsExactly(
            "input 'topic' is required (declared without a default) but was not given");
  }

  @Test
  void aValueUnlikeTheDefaultIsAMismatch() {
    assertThat(problems(Map.of("topic", TextNode.valueOf("x"), "count", TextNode.valueOf("many"))))
        .containsExactly("input 'count' must be a number like its default 3, got string");
  }

  @Test
  void aForEachOverAnInputThatIsNotAListHasTheWorkflowsSentence() {
    // files: declared as a list, given as text: the mismatch, and the for_each would fail too;
    // the mismatch alone is reported, the for_each check runs on type-correct inputs.
    assertThat(problems(Map.of("topic", TextNode.valueOf("x"), "files", TextNode.valueOf("a,b"))))
        .containsExactly(
            "input 'files' must be an array like its default [\"a\",\"b\"], got string");
  }

  @Test
  void aForEachOverAnUntypedInputIsChecked() throws Exception {
    Pipeline untyped =
        PipelineParser.parse(
            PipelineDocument.parse(
                """
                name: q
                inputs: {files: ~}
                steps:
                  - id: each
                    for_each: "{{ inputs.files }}"
                    prompt: "{{ item }}"
                """,
                "q.yaml"));
    assertThat(
            InputProblems.check(untyped, Map.of("files", TextNode.valueOf("a b"))).stream()
                .map(Problem::toString))
        .containsExactly("step 'each': for_each must render to a JSON array, got string");
    // The workflow fails the step with the same sentence (Dispatcher uses notAList).
    assertThat(InputProblems.notAList(TextNode.valueOf("a b")))
        .isEqualTo("for_each must render to a JSON array, got string");
  }
}
