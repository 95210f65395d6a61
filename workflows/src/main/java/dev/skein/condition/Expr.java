package dev.skein.condition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.template.TemplateRef;
import java.util.List;

/** The syntax tree of a condition. */
sealed interface Expr {

  record Or(List<Expr> terms) implements Expr {}

  record And(List<Expr> terms) implements Expr {}

  record Not(Expr operand) implements Expr {}

  record Compare(Operand left, boolean equals, Operand right) implements Expr {}

  /**
   * {@code <}, {@code <=}, {@code >}, {@code >=}: true only when both sides are numbers.
   *
   * @param op the operator as written
   */
  record Order(Operand left, String op, Operand right) implements Expr {}

  /** {@code x in [a, b]} or {@code x in steps.s.output.list}: true when a member equals x. */
  record In(Operand left, Operand list) implements Expr {}

  /** A bare operand: true only if its value is the boolean true. */
  record Truthy(Operand operand) implements Expr {}

  sealed interface Operand {}

  record Literal(JsonNode value) implements Operand {}

  /** {@code [a, b, …]}, only after {@code in}. */
  record ListOf(List<Operand> items) implements Operand {}

  /** {@code steps…}, {@code inputs…}, {@code item…}, {@code index}, {@code run.id}, … */
  record Ref(TemplateRef ref) implements Operand {}

  /**
   * {@code output[.path]} or {@code status} in an {@code on_result} rule: the step's own result.
   *
   * @param field {@code output} or {@code status}
   */
  record SelfRef(String field, List<String> path, String text) implements Operand {}
}
