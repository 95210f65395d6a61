package dev.skein.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplatesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final TemplateContext CTX =
      TemplateContext.builder()
          .input("repo", TextNode.valueOf("./demo"))
          .input("modules", json("[\"api\",\"core\",\"cli\"]"))
          .input("count", json("3"))
          .input("ratio", DecimalNode.valueOf(new BigDecimal("1.50")))
          .input("flag", json("true"))
          .input("config", json("{\"a\":[{\"b\":\"deep\"}],\"n\":null}"))
          .input("nothing", null)
          .step("plan", "succeeded", "{\"items\":[\"x\",\"y\"],\"verdict\":\"ok\",\"n\":7}")
          .step("prose", "succeeded", "Just some text, not JSON.\n")
          .step(
              "findings",
              "succeeded",
              "{\"security\":{\"summary\":\"no issues\"},\"style\":{\"error\":{\"type\":\"AgentFailed\"}}}")
          .step("running", "running", (String) null)
          .step("failed", "failed", "boom")
          .runId("run-123")
          .pipelineName("code-review")
          .build();

  private static String render(String template) {
    return Templates.render(template, CTX);
  }

  @Test
  void copiesTextOutsideReferencesVerbatim() {
    assertThat(render("plain text, { single } braces, } }"))
        .isEqualTo("plain text, { single } braces, } }");
    assertThat(render("")).isEmpty();
    assertThat(render("a }} b")).isEqualTo("a }} b");
  }

  @Test
  void rendersInputs() {
    assertThat(render("Plan a review of {{ inputs.repo }}")).isEqualTo("Plan a review of ./demo");
    assertThat(render("{{inputs.repo}}")).isEqualTo("./demo");
    assertThat(render("{{   inputs.repo\t}}")).isEqualTo("./demo");
    assertThat(render("{{ inputs.count }}/{{ inputs.ratio }}/{{ inputs.flag }}"))
        .isEqualTo("3/1.50/true");
    assertThat(render("{{ inputs.modules }}")).isEqualTo("[\"api\",\"core\",\"cli\"]");
    assertThat(render("{{ inputs.modules[1] }}")).isEqualTo("core");
    assertThat(render("{{ inputs.config.a[0].b }}")).isEqualTo("deep");
    assertThat(render("{{ inputs.config }}")).isEqualTo("{\"a\":[{\"b\":\"deep\"}],\"n\":null}");
  }

  @Test
  void presentNullRendersAsEmptyText() {
    assertThat(render("[{{ inputs.nothing }}]")).isEqualTo("[]");
    assertThat(render("[{{ inputs.config.n }}]")).isEqualTo("[]");
  }

  @Test
  void rendersStepOutputAsRawTextAndStatus() {
    assertThat(render("{{ steps.prose.output }}")).isEqualTo("Just some text, not JSON.\n");
    assertThat(render("{{ steps.plan.output }}"))
        .isEqualTo("{\"items\":[\"x\",\"y\"],\"verdict\":\"ok\",\"n\":7}");
    assertThat(render("{{ steps.plan.status }} {{ steps.running.status }}"))
        .isEqualTo("succeeded running");
    assertThat(render("{{ steps.failed.output }}")).isEqualTo("boom");
  }

  @Test
  void walksJsonPathsIntoStepOutput() {
    assertThat(render("{{ steps.plan.output.verdict }}")).isEqualTo("ok");
    assertThat(render("{{ steps.plan.output.items[1] }}")).isEqualTo("y");
    assertThat(render("{{ steps.plan.output.items }}")).isEqualTo("[\"x\",\"y\"]");
    assertThat(render("{{ steps.plan.output.n }}")).isEqualTo("7");
  }

  @Test
  void structuredJoinShorthandWalksIntoTheJoinOutput() {
    assertThat(render("{{ steps.findings.security.summary }}")).isEqualTo("no issues");
    assertThat(render("{{ steps.findings.security.summary }}"))
        .isEqualTo(render("{{ steps.findings.output.security.summary }}"));
    assertThat(render("{{ steps.findings.style.error.type }}")).isEqualTo("AgentFailed");
    assertThat(render("{{ steps.findings.security }}")).isEqualTo("{\"summary\":\"no issues\"}");
  }

  @Test
  void rendersItemIndexRunAndPipeline() {
    TemplateContext task = CTX.withItem(json("{\"name\":\"api\",\"files\":[\"a.java\"]}"), 2);
    assertThat(
            Templates.render("{{ item.name }} #{{ index }} {{ item.files[0] }} {{ item }}", task))
        .isEqualTo("api #2 a.java {\"name\":\"api\",\"files\":[\"a.java\"]}");
    TemplateContext arrayItem = CTX.withItem(json("[10,20]"), 0);
    assertThat(Templates.render("{{ item[1] }}", arrayItem)).isEqualTo("20");
    assertThat(Templates.render("{{ item }}", CTX.withItem(TextNode.valueOf("core"), 1)))
        .isEqualTo("core");
    assertThat(render("{{ run.id }} of {{ pipeline.name }}")).isEqualTo("run-123 of code-review");
  }

  @Test
  void missingValuesFailWithThePath() {
    assertThatThrownBy(() -> render("{{ inputs.nope }}"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("inputs.nope does not exist (no input named nope)");
    assertThatThrownBy(() -> render("{{ steps.plan.output.items[3] }}"))
        .hasMessage("steps.plan.output.items[3] does not exist (items has 2 elements)");
    assertThatThrownBy(() -> render("{{ steps.plan.output.verdcit }}"))
        .hasMessage(
            "steps.plan.output.verdcit does not exist (output has fields items, verdict, n)");
    assertThatThrownBy(() -> render("{{ steps.prose.output.verdict }}"))
        .hasMessage("steps.prose.output is not JSON, cannot read .verdict");
    assertThatThrownBy(() -> render("{{ steps.prose.summary }}"))
        .hasMessage("steps.prose.output is not JSON, cannot read .summary");
    assertThatThrownBy(() -> render("{{ steps.unknown.output }}"))
        .hasMessage("steps.unknown.output is not available: step unknown has not finished");
    assertThatThrownBy(() -> render("{{ steps.running.output }}"))
        .hasMessage("steps.running.output is not available: step running has no output");
    assertThatThrownBy(() -> render("{{ steps.findings.tests.summary }}"))
        .hasMessage("steps.findings.tests does not exist (output has fields security, style)");
    assertThatThrownBy(() -> render("{{ steps.plan.output.verdict.x }}"))
        .hasMessage("steps.plan.output.verdict.x does not exist (verdict is a string)");
    assertThatThrownBy(() -> render("{{ steps.plan.output.items.first }}"))
        .hasMessage("steps.plan.output.items.first does not exist (items is an array)");
    assertThatThrownBy(() -> render("{{ inputs.modules[99999999999] }}"))
        .hasMessage("inputs.modules[99999999999] does not exist (modules has 3 elements)");
    assertThatThrownBy(() -> render("{{ inputs.config.n.x }}"))
        .hasMessage("inputs.config.n.x does not exist (n is null)");
    assertThatThrownBy(() -> render("{{ item }}"))
        .hasMessage("item is not available: item exists only inside for_each");
    assertThatThrownBy(() -> render("{{ index }}"))
        .hasMessage("index is not available: index exists only inside for_each");
    assertThatThrownBy(() -> Templates.render("{{ run.id }}", TemplateContext.builder().build()))
        .hasMessage("run.id is not available");
  }

  @Test
  void indexIntoNestedArraysNamesThePrefix() {
    TemplateContext ctx = TemplateContext.builder().input("grid", json("[[1,2],[3]]")).build();
    assertThat(Templates.render("{{ inputs.grid[0][1] }}", ctx)).isEqualTo("2");
    assertThatThrownBy(() -> Templates.render("{{ inputs.grid[1][1] }}", ctx))
        .hasMessage("inputs.grid[1][1] does not exist (inputs.grid[1] has 1 element)");
  }

  @Test
  void syntaxErrorsNameThePosition() {
    assertThatThrownBy(() -> render("Review {{ inputs.repo"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("unclosed '{{' at position 8: expected '}}' after it");
    assertThatThrownBy(() -> render("a {{ }} b"))
        .hasMessage("empty reference '{{ }}' at position 3");
    assertThatThrownBy(() -> render("{{}}")).hasMessage("empty reference '{{}}' at position 1");
    assertThatThrownBy(() -> render("x {{ foo.bar }}"))
        .hasMessage(
            "unknown reference 'foo.bar' at position 6: expected inputs, steps, item, index, run"
                + " or pipeline");
    assertThatThrownBy(() -> render("{{ inputs.repo | upper }}"))
        .hasMessage(
            "malformed reference 'inputs.repo | upper' at position 15: expected '.' or '['"
                + " but found ' '");
    assertThatThrownBy(() -> render("{{ steps.plan }}"))
        .hasMessage(
            "malformed reference 'steps.plan' at position 14: expected .output, .status or a field"
                + " after steps.plan");
    assertThatThrownBy(() -> render("{{ steps.plan.output. }}"))
        .hasMessage(
            "malformed reference 'steps.plan.output.' at position 22: expected a name after '.'");
    assertThatThrownBy(() -> render("{{ item[x] }}"))
        .hasMessage(
            "malformed reference 'item[x]' at position 9: expected an index (digits) after '['");
    assertThatThrownBy(() -> render("{{ item[-1] }}")).isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> render("{{ item[1 }}"))
        .hasMessage("malformed reference 'item[1' at position 10: expected ']'");
    assertThatThrownBy(() -> render("{{ index.x }}")).hasMessageContaining("index has no fields");
    assertThatThrownBy(() -> render("{{ run.name }}")).hasMessageContaining("expected run.id");
    assertThatThrownBy(() -> render("{{ pipeline }}"))
        .hasMessageContaining("expected pipeline.name");
    assertThatThrownBy(() -> render("{{ inputs }}"))
        .hasMessageContaining("expected .NAME after inputs");
    assertThatThrownBy(() -> render("{{ inputs[0] }}"))
        .hasMessageContaining("expected .NAME after inputs");
    assertThatThrownBy(() -> render("{{ {{ inputs.repo }}"))
        .hasMessageContaining("malformed reference");
  }

  @Test
  void codeIsNeverEvaluated() {
    assertThatThrownBy(() -> render("{{ 1 + 1 }}")).isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> render("{{ inputs.repo.toString() }}"))
        .isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> render("{{ T(java.lang.Runtime).getRuntime() }}"))
        .isInstanceOf(TemplateException.class);
    // A value that looks like a template is data: it is not rendered again.
    TemplateContext ctx =
        TemplateContext.builder().input("x", TextNode.valueOf("{{ inputs.secret }}")).build();
    assertThat(Templates.render("{{ inputs.x }}", ctx)).isEqualTo("{{ inputs.secret }}");
  }

  @Test
  void hostileInputsFailCleanlyAndQuickly() {
    String huge = "a".repeat(2_000_000);
    assertThat(render(huge)).hasSize(2_000_000);
    assertThatThrownBy(() -> render("{{".repeat(200_000))).isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> render("{{ " + huge))
        .hasMessage("unclosed '{{' at position 1: expected '}}' after it");
    assertThatThrownBy(() -> render("{{ " + huge + " }}"))
        .isInstanceOf(TemplateException.class)
        .message()
        .hasSizeLessThan(300);
    assertThatThrownBy(() -> render("{{ inputs." + "a.".repeat(100_000) + "}}"))
        .isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> render("{{ inputs.config." + "x".repeat(100_000) + " }}"))
        .isInstanceOf(TemplateException.class)
        .message()
        .startsWith("inputs.config.xxx")
        .hasSizeLessThan(520);
    String many = "{{ inputs.repo }}".repeat(50_000);
    assertThat(render(many)).hasSize("./demo".length() * 50_000);
  }

  @Test
  void deeplyNestedOutputIsNotJson() {
    TemplateContext ctx =
        TemplateContext.builder()
            .step("deep", "succeeded", "[".repeat(5000) + "]".repeat(5000))
            .build();
    assertThatThrownBy(() -> Templates.render("{{ steps.deep.output[0] }}", ctx))
        .hasMessage("steps.deep.output is not JSON, cannot read [0]");
  }

  @Test
  void referencesAreListedInOrder() {
    List<TemplateRef> refs =
        Templates.references(
            "{{ steps.plan.output.items[0] }} and {{ inputs.repo }} {{ item.x }} {{ index }} {{"
                + " steps.plan.status }}");
    assertThat(refs)
        .extracting(TemplateRef::expression)
        .containsExactly(
            "steps.plan.output.items[0]", "inputs.repo", "item.x", "index", "steps.plan.status");
    assertThat(refs.get(0).root()).isEqualTo("steps");
    assertThat(refs.get(0).path()).containsExactly("plan", "output", "items", "0");
    assertThat(refs.get(0).stepId()).contains("plan");
    assertThat(refs.get(1).inputName()).contains("repo");
    assertThat(Templates.references("no references")).isEmpty();
    assertThatThrownBy(() -> Templates.references("{{ steps.a.output } }"))
        .isInstanceOf(TemplateException.class);
  }

  @Test
  void renderValueKeepsTheTypeOfASingleReference() {
    assertThat(Templates.renderValue("{{ inputs.modules }}", CTX))
        .isEqualTo(json("[\"api\",\"core\",\"cli\"]"));
    assertThat(Templates.renderValue("  {{ inputs.modules }}\n", CTX).isArray()).isTrue();
    assertThat(Templates.renderValue("{{ inputs.count }}", CTX)).isEqualTo(json("3"));
    assertThat(Templates.renderValue("{{ inputs.config }}", CTX).isObject()).isTrue();
    assertThat(Templates.renderValue("{{ steps.plan.output.items }}", CTX))
        .isEqualTo(json("[\"x\",\"y\"]"));
    assertThat(Templates.renderValue("{{ steps.plan.output }}", CTX).get("n").intValue())
        .isEqualTo(7);
    assertThat(Templates.renderValue("{{ steps.prose.output }}", CTX))
        .isEqualTo(TextNode.valueOf("Just some text, not JSON.\n"));
    assertThat(Templates.renderValue("{{ inputs.nothing }}", CTX))
        .isEqualTo(NullNode.getInstance());
  }

  @Test
  void renderValueOfMixedTextIsTextUnlessItIsAnArray() {
    assertThat(Templates.renderValue("repo {{ inputs.repo }}", CTX))
        .isEqualTo(TextNode.valueOf("repo ./demo"));
    assertThat(Templates.renderValue("[{{ inputs.count }}, {{ steps.plan.output.n }}]", CTX))
        .isEqualTo(json("[3,7]"));
    assertThat(Templates.renderValue("{\"a\": {{ inputs.count }}}", CTX))
        .isEqualTo(TextNode.valueOf("{\"a\": 3}"));
    assertThat(Templates.renderValue("plain", CTX)).isEqualTo(TextNode.valueOf("plain"));
    assertThatThrownBy(() -> Templates.renderValue("{{ inputs.missing }}", CTX))
        .hasMessage("inputs.missing does not exist (no input named missing)");
  }

  @Test
  void renderTreeRendersStringLeavesAndKeepsSingleReferenceTypes() {
    JsonNode with =
        json(
            "{\"message\":\"failed in {{ run.id }}\",\"times\":\"{{ inputs.count }}\","
                + "\"retryable\":false,\"list\":[\"{{ item }}\",2,null],"
                + "\"nested\":{\"files\":\"{{ inputs.modules }}\"},\"{{ key }}\":\"k\"}");
    JsonNode rendered = Templates.renderTree(with, CTX.withItem(TextNode.valueOf("api"), 0));
    assertThat(rendered)
        .isEqualTo(
            json(
                "{\"message\":\"failed in run-123\",\"times\":3,\"retryable\":false,"
                    + "\"list\":[\"api\",2,null],\"nested\":{\"files\":[\"api\",\"core\",\"cli\"]},"
                    + "\"{{ key }}\":\"k\"}"));
    // The input tree is left as it was.
    assertThat(with.get("times").textValue()).isEqualTo("{{ inputs.count }}");
    assertThat(Templates.renderTree(JsonNodeFactory.instance.objectNode(), CTX)).isEmpty();
    assertThatThrownBy(() -> Templates.renderTree(json("{\"a\":[\"{{ inputs.nope }}\"]}"), CTX))
        .hasMessage("inputs.nope does not exist (no input named nope)");
  }

  @Test
  void outputsAreParsedWithoutTrailingGarbage() {
    TemplateContext ctx =
        TemplateContext.builder()
            .step("a", "succeeded", "{\"x\":1} trailing")
            .step("b", "succeeded", "  {\"x\":1.10}\n")
            .step("c", "succeeded", "")
            .build();
    assertThatThrownBy(() -> Templates.render("{{ steps.a.output.x }}", ctx))
        .hasMessage("steps.a.output is not JSON, cannot read .x");
    assertThat(Templates.render("{{ steps.b.output.x }}", ctx)).isEqualTo("1.10");
    assertThatThrownBy(() -> Templates.render("{{ steps.c.output.x }}", ctx))
        .hasMessage("steps.c.output is not JSON, cannot read .x");
    assertThat(Templates.render("[{{ steps.c.output }}]", ctx)).isEqualTo("[]");
  }

  @Test
  void parseReferenceAcceptsBareReferences() {
    TemplateRef ref = Templates.parseReference("steps.findings.security.summary");
    assertThat(ref.path()).containsExactly("findings", "security", "summary");
    assertThatThrownBy(() -> Templates.parseReference("steps."))
        .isInstanceOf(TemplateException.class);
  }
}
