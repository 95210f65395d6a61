package dev.skein.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.template.TemplateContext;
import dev.skein.template.TemplateRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final TemplateContext CTX =
      TemplateContext.builder()
          .input("env", TextNode.valueOf("prod"))
          .input("count", json("3"))
          .input("strict", json("true"))
          .input("tags", json("[\"a\",\"b\"]"))
          .input("nothing", null)
          .step("review", "succeeded", "{\"verdict\":\"approve\",\"score\":1.0,\"ok\":true}")
          .step("prose", "succeeded", "  approve\n")
          .step("numeric", "succeeded", "42\n")
          .step("broken", "failed", "boom")
          .step("findings", "succeeded", "{\"security\":{\"issues\":0}}")
          .build();

  private static boolean eval(String expression) {
    return Condition.parse(expression).evaluate(CTX);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '`',
      value = {
        "always => true",
        "never => false",
        "true => true",
        "false => false",
        "null => false",
        "'true' => false",
        "1 => false",
        "steps.review.status == 'succeeded' => true",
        "steps.review.status == \"succeeded\" => true",
        "steps.review.status != 'succeeded' => false",
        "steps.broken.status == 'failed' => true",
        "steps.review.output.verdict == 'approve' => true",
        "steps.review.output.score == 1 => true",
        "steps.review.output.score == 1.00 => true",
        "steps.review.output.score == 1e0 => true",
        "steps.review.output.ok => true",
        "steps.review.output.ok == true => true",
        "steps.findings.security.issues == 0 => true",
        "steps.findings.output.security.issues == 0 => true",
        "inputs.env == 'prod' => true",
        "inputs.count == 3 => true",
        "inputs.count == -3 => false",
        "inputs.count == '3' => false",
        "inputs.count != '3' => true",
        "inputs.strict => true",
        "inputs.env => false",
        "inputs.tags == inputs.tags => true",
        "inputs.tags[1] == 'b' => true",
        "inputs.nothing == null => true",
        "null == null => true",
        "null != null => false",
        "1 == 1.0 => true",
        "'a' == 'a' => true",
        "'a' == 'b' => false",
        "true == 'true' => false",
        "always == true => true",
        "never == false => true",
      })
  void evaluatesLiteralsReferencesAndComparisons(String expression, boolean expected) {
    assertThat(eval(expression)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '`',
      value = {
        // Missing paths are null: never an error, never equal to a value.
        "steps.review.output.reason == 'x' => false",
        "steps.review.output.reason != 'x' => true",
        "steps.review.output.reason == null => true",
        "steps.review.output.reason => false",
        "steps.prose.output.verdict == 'approve' => false",
        "steps.prose.output.verdict == null => true",
        "steps.unknown.status == 'succeeded' => false",
        "steps.unknown.status != 'succeeded' => true",
        "steps.unknown.output == null => true",
        "inputs.nope == null => true",
        "inputs.tags[5] == null => true",
        "item == null => true",
        "index == null => true",
      })
  void missingValuesAreNull(String expression, boolean expected) {
    assertThat(eval(expression)).isEqualTo(expected);
  }

  @Test
  void bareOutputIsJsonOrTrimmedText() {
    assertThat(eval("steps.prose.output == 'approve'")).isTrue();
    assertThat(eval("steps.numeric.output == 42")).isTrue();
    assertThat(eval("steps.numeric.output == '42'")).isFalse();
    assertThat(eval("steps.broken.output == 'boom'")).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '`',
      value = {
        // && binds tighter than ||
        "always || never && never => true",
        "(always || never) && never => false",
        "never && never || always => true",
        "never && (never || always) => false",
        // ! applies to the whole comparison and binds tighter than && and ||
        "!never => true",
        "!always => false",
        "!!always => true",
        "! steps.review.status == 'failed' => true",
        "!(steps.review.status == 'failed') => true",
        "!never && never => false",
        "!(never && never) => true",
        "!always || always => true",
        "((((always)))) => true",
        "steps.review.status == 'succeeded' && inputs.env == 'prod' => true",
        "steps.review.status == 'failed' || inputs.env == 'prod' => true",
        "steps.review.status == 'failed' || inputs.env == 'dev' => false",
        "  always  &&always => true",
      })
  void precedenceAndParentheses(String expression, boolean expected) {
    assertThat(eval(expression)).isEqualTo(expected);
  }

  @Test
  void itemAndIndexInsideAFanOut() {
    TemplateContext task = CTX.withItem(json("{\"lang\":\"java\"}"), 2);
    assertThat(Condition.parse("item.lang == 'java' && index == 2").evaluate(task)).isTrue();
    assertThat(Condition.parse("index != 2").evaluate(task)).isFalse();
  }

  @Test
  void stringLiteralsHandleEscapes() {
    TemplateContext ctx =
        TemplateContext.builder()
            .input("q", TextNode.valueOf("it's \"quoted\"\\"))
            .input("ml", TextNode.valueOf("a\nb\tc"))
            .build();
    assertThat(Condition.parse("inputs.q == 'it\\'s \"quoted\"\\\\'").evaluate(ctx)).isTrue();
    assertThat(Condition.parse("inputs.q == \"it's \\\"quoted\\\"\\\\\"").evaluate(ctx)).isTrue();
    assertThat(Condition.parse("inputs.ml == 'a\\nb\\tc'").evaluate(ctx)).isTrue();
    assertThat(Condition.parse("'&& || ! ( )' == '&& || ! ( )'").evaluate(ctx)).isTrue();
  }

  @Test
  void braceWrappedReferencesAreAccepted() {
    assertThat(eval("{{ steps.review.status }} == 'succeeded'")).isTrue();
    assertThat(Condition.parse("{{steps.review.output.verdict}} == 'x'").references())
        .extracting(TemplateRef::expression)
        .containsExactly("steps.review.output.verdict");
  }

  @Test
  void onResultSelfReferences() {
    Condition reject = Condition.parse("output.verdict == 'reject'");
    TemplateContext ctx =
        TemplateContext.builder()
            .step("judge", "succeeded", "{\"verdict\":\"reject\",\"scores\":[1,2]}")
            .step("quiet", "succeeded", "no json here")
            .build();
    assertThat(reject.evaluate(ctx, "judge")).isTrue();
    assertThat(reject.evaluate(ctx, "quiet")).isFalse();
    assertThat(Condition.parse("output.scores[1] == 2").evaluate(ctx, "judge")).isTrue();
    assertThat(Condition.parse("status == 'succeeded'").evaluate(ctx, "judge")).isTrue();
    assertThat(Condition.parse("output == 'no json here'").evaluate(ctx, "quiet")).isTrue();
    assertThat(Condition.parse("always").evaluate(ctx, "judge")).isTrue();
    assertThat(reject.refersToSelf()).isTrue();
    assertThat(reject.references()).isEmpty();
    assertThat(Condition.parse("status == 'x' && steps.other.status == 'y'").references())
        .extracting(TemplateRef::expression)
        .containsExactly("steps.other.status");
  }

  @Test
  void selfReferencesOutsideOnResultFail() {
    Condition c = Condition.parse("output.verdict == 'reject'");
    assertThat(Condition.parse("steps.a.status == 'x'").refersToSelf()).isFalse();
    assertThatThrownBy(() -> c.evaluate(CTX))
        .isInstanceOf(ConditionException.class)
        .hasMessage(
            "'output.verdict' refers to a step's own result and is only allowed in on_result;"
                + " write steps.ID.output instead");
  }

  @Test
  void referencesInOrder() {
    Condition c =
        Condition.parse(
            "steps.a.status == 'succeeded' && (inputs.x == 1 || !steps.b.output.v) && item.k"
                + " == index");
    assertThat(c.references())
        .extracting(TemplateRef::expression)
        .containsExactly("steps.a.status", "inputs.x", "steps.b.output.v", "item.k", "index");
    assertThat(c.expression()).startsWith("steps.a.status");
    assertThat(Condition.parse("always").references()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '`',
      value = {
        "steps.a.status == => expected a value (a quoted string, a number, true, false, null,"
            + " always, never or a reference) at position 18, found end of expression in"
            + " 'steps.a.status =='",
        "steps.a.status = 'x' => expected '==' (a single '=' is not an operator) at position 16 in"
            + " 'steps.a.status = 'x''",
        "(always => expected ')' at position 8 to close the '(' at position 1, found end of"
            + " expression in '(always'",
        "always) => expected an operator ('==', '!=', '<', '<=', '>', '>=', 'in', '&&', '||') or end of expression at position 7, found ')'"
            + " in 'always)'",
        "always never => expected an operator ('==', '!=', '<', '<=', '>', '>=', 'in', '&&', '||') or end of expression at position 8, found"
            + " 'never' in 'always never'",
        "a == 1 == 1 => unknown name 'a' at position 1: expected a quoted string, a number, true,"
            + " false, null, always, never or a reference (steps.ID.status, steps.ID.output…,"
            + " inputs.NAME…, item, index, output…, status) in 'a == 1 == 1'",
        "1 == 1 == 1 => expected an operator ('==', '!=', '<', '<=', '>', '>=', 'in', '&&', '||') or end of expression at position 8, found"
            + " '==' in '1 == 1 == 1'",
        "always & never => expected '&&' at position 8 in 'always & never'",
        "always | never => expected '||' at position 8 in 'always | never'",
        "'open => unterminated string starting at position 1: expected a closing ' in ''open'",
        "always && => expected a value (a quoted string, a number, true, false, null, always, never"
            + " or a reference) at position 10, found end of expression in 'always &&'",
        "steps.a == 'x' => malformed reference 'steps.a' at position 1: expected .output, .status"
            + " or a field after steps.a in 'steps.a == 'x''",
        "steps.a.output. == 1 => malformed reference 'steps.a.output.' at position 1: expected a"
            + " name after '.' in 'steps.a.output. == 1'",
        "output. == 1 => malformed reference 'output.' at position 1: expected a name after '.' in"
            + " 'output. == 1'",
        "1.e5 == 1 => expected digits after '.' at position 3 in '1.e5 == 1'",
        "'a\\x' == 1 => unknown escape '\\x' at position 3 (use \\\\, \\', \\\", \\n or \\t) in ''a\\x'"
            + " == 1'",
        "steps.a.status == 'x' ; rm -rf / => unexpected character ';' at position 23 in"
            + " 'steps.a.status == 'x' ; rm -rf /'",
        "{{ steps.a.status == 'x' => unclosed '{{' at position 1: expected '}}' after it in '{{"
            + " steps.a.status == 'x''",
        "Always => unknown name 'Always' at position 1: expected a quoted string, a number, true,"
            + " false, null, always, never or a reference (steps.ID.status, steps.ID.output…,"
            + " inputs.NAME…, item, index, output…, status) in 'Always'",
      })
  void syntaxErrorsSayWhereAndWhatWasExpected(String expression, String message) {
    assertThatThrownBy(() -> Condition.parse(expression))
        .isInstanceOf(ConditionException.class)
        .hasMessage(message);
  }

  @Test
  void emptyExpressionIsAnError() {
    assertThatThrownBy(() -> Condition.parse("  "))
        .isInstanceOf(ConditionException.class)
        .hasMessage(
            "expected a value (a quoted string, a number, true, false, null, always, never or a"
                + " reference) at position 3, found end of expression in '  '");
  }

  @Test
  void hostileInputsFailCleanly() {
    assertThatThrownBy(() -> Condition.parse("(".repeat(100_000) + "always" + ")".repeat(100_000)))
        .isInstanceOf(ConditionException.class)
        .hasMessageStartingWith("expression nested more than 64 levels deep at position 65");
    assertThatThrownBy(() -> Condition.parse("!".repeat(100_000) + "always"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("nested more than 64 levels");
    assertThat(Condition.parse("(".repeat(64) + "always" + ")".repeat(64)).evaluate(CTX)).isTrue();
    // Long flat chains are loops, not recursion.
    String chain = "never || ".repeat(50_000) + "always";
    assertThat(Condition.parse(chain).evaluate(CTX)).isTrue();
    String longString = "'" + "x".repeat(1_000_000) + "'";
    assertThat(Condition.parse(longString + " == " + longString).evaluate(CTX)).isTrue();
    assertThatThrownBy(() -> Condition.parse("'" + "x".repeat(1_000_000)))
        .isInstanceOf(ConditionException.class)
        .message()
        .hasSizeLessThan(300);
    assertThatThrownBy(() -> Condition.parse("1e999999999999 == 1"))
        .isInstanceOf(ConditionException.class)
        .hasMessageStartingWith("number out of range at position 1");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "1 < 2 | true",
        "2 <= 2 | true",
        "3 > 2.5 | true",
        "-1 >= 0 | false",
        "'a' < 'b' | false",
        "null < 1 | false",
        "'go' in ['go', 'java'] | true",
        "3 in [1, 2] | false",
        "1 in [] | false",
        "1 in 1 | false",
        "!(2 in [1, 2]) | false",
        "1 < 2 && 'x' in ['x'] | true"
      })
  void orderingAndIn(String expression, boolean expected) {
    assertThat(Condition.parse(expression).evaluate(CTX)).as(expression).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void firstReleaseSyntaxRefusesTheNewOperators() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Condition.parseFirstRelease("1 < 2"))
        .hasMessageContaining("unexpected character '<'");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Condition.parseFirstRelease("1 in [1]"))
        .isInstanceOf(ConditionException.class);
  }

  @org.junit.jupiter.api.Test
  void listsCloseAfterReferences() {
    assertThat(Condition.parse("1 in [inputs.n]").references()).hasSize(1);
    assertThat(Condition.parse("1 in[1]").evaluate(CTX)).isTrue();
  }
}
