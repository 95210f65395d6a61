package dev.skein.condition;

import dev.skein.template.TemplateContext;
import dev.skein.template.TemplateRef;
import java.util.List;

/**
 * A parsed {@code when} expression: {@code ==}, {@code !=}, {@code &&}, {@code ||}, {@code !},
 * parentheses, string/number/boolean literals, {@code steps.X.status}, {@code steps.X.output.path},
 * {@code inputs.x}, {@code always}, {@code never}. Safe: nothing is evaluated as code.
 */
public final class Condition {

  /** Parses an expression; a syntax error is a {@link ConditionException} naming the position. */
  public static Condition parse(String expression) {
    throw new UnsupportedOperationException("TODO");
  }

  public boolean evaluate(TemplateContext context) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Evaluates an {@code on_result} rule: bare {@code output…} and {@code status} refer to step
   * {@code self}.
   */
  public boolean evaluate(TemplateContext context, String self) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The references the expression makes (bare {@code output}/{@code status} excluded). */
  public List<TemplateRef> references() {
    throw new UnsupportedOperationException("TODO");
  }
}
