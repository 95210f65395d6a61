package dev.skein.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.template.TemplateContext;
import dev.skein.template.TemplateRef;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code when} expression: {@code ==}, {@code !=}, {@code &&}, {@code ||}, {@code !},
 * parentheses, string/number/boolean literals, {@code steps.X.status}, {@code steps.X.output.path},
 * {@code inputs.x}, {@code always}, {@code never}. Safe: nothing is evaluated as code.
 *
 * <p>Semantics, chosen so a condition never fails a run at evaluation time:
 *
 * <ul>
 *   <li>A reference with no value (unfinished step, missing input or field, output that is not
 *       JSON) is {@code null}: {@code output.verdict == 'reject'} is false when there is no
 *       verdict, and {@code output.verdict == null} is true.
 *   <li>A bare {@code steps.X.output} is the output parsed as JSON, or, when it is not JSON, its
 *       text with surrounding whitespace trimmed (agents end lines with newlines).
 *   <li>Numbers compare by value ({@code 1 == 1.0}); values of different types are never equal
 *       ({@code '1' == 1} is false, {@code '1' != 1} is true).
 *   <li>A bare operand is true only if it is the boolean {@code true} ({@code always}); any other
 *       value, including the string {@code "true"}, is false.
 *   <li>{@code !} applies to a whole comparison: {@code !a == b} means {@code !(a == b)}.
 * </ul>
 */
public final class Condition {

  private final String expression;
  private final Expr root;

  private Condition(String expression, Expr root) {
    this.expression = expression;
    this.root = root;
  }

  /** Parses an expression; a syntax error is a {@link ConditionException} naming the position. */
  public static Condition parse(String expression) {
    return new Condition(expression, ConditionParser.parse(expression));
  }

  /** The expression as written. */
  public String expression() {
    return expression;
  }

  public boolean evaluate(TemplateContext context) {
    return new Evaluator(context, null).test(root);
  }

  /**
   * Evaluates an {@code on_result} rule: bare {@code output…} and {@code status} refer to step
   * {@code self}.
   */
  public boolean evaluate(TemplateContext context, String self) {
    return new Evaluator(context, self).test(root);
  }

  /** The references the expression makes (bare {@code output}/{@code status} excluded). */
  public List<TemplateRef> references() {
    List<TemplateRef> refs = new ArrayList<>();
    collect(root, refs);
    return refs;
  }

  /**
   * Whether the expression uses bare {@code output…} or {@code status}, which only an {@code
   * on_result} rule may (validation reports them in a {@code when}).
   */
  public boolean refersToSelf() {
    return refersToSelf(root);
  }

  @Override
  public String toString() {
    return expression;
  }

  private static void collect(Expr e, List<TemplateRef> refs) {
    if (e instanceof Expr.Or or) {
      or.terms().forEach(t -> collect(t, refs));
    } else if (e instanceof Expr.And and) {
      and.terms().forEach(t -> collect(t, refs));
    } else if (e instanceof Expr.Not not) {
      collect(not.operand(), refs);
    } else if (e instanceof Expr.Compare c) {
      collect(c.left(), refs);
      collect(c.right(), refs);
    } else if (e instanceof Expr.Truthy t) {
      collect(t.operand(), refs);
    }
  }

  private static void collect(Expr.Operand o, List<TemplateRef> refs) {
    if (o instanceof Expr.Ref r) {
      refs.add(r.ref());
    }
  }

  private static boolean refersToSelf(Expr e) {
    if (e instanceof Expr.Or or) {
      return or.terms().stream().anyMatch(Condition::refersToSelf);
    } else if (e instanceof Expr.And and) {
      return and.terms().stream().anyMatch(Condition::refersToSelf);
    } else if (e instanceof Expr.Not not) {
      return refersToSelf(not.operand());
    } else if (e instanceof Expr.Compare c) {
      return c.left() instanceof Expr.SelfRef || c.right() instanceof Expr.SelfRef;
    } else if (e instanceof Expr.Truthy t) {
      return t.operand() instanceof Expr.SelfRef;
    }
    return false;
  }

  /** One evaluation against one context; {@code self} is null outside on_result. */
  private record Evaluator(TemplateContext context, String self) {

    boolean test(Expr e) {
      if (e instanceof Expr.Or or) {
        for (Expr term : or.terms()) {
          if (test(term)) {
            return true;
          }
        }
        return false;
      }
      if (e instanceof Expr.And and) {
        for (Expr term : and.terms()) {
          if (!test(term)) {
            return false;
          }
        }
        return true;
      }
      if (e instanceof Expr.Not not) {
        return !test(not.operand());
      }
      if (e instanceof Expr.Compare c) {
        return Values.equal(value(c.left()), value(c.right())) == c.equals();
      }
      Expr.Truthy t = (Expr.Truthy) e;
      JsonNode v = value(t.operand());
      return v.isBoolean() && v.booleanValue();
    }

    JsonNode value(Expr.Operand o) {
      if (o instanceof Expr.Literal l) {
        return l.value();
      }
      TemplateRef ref;
      if (o instanceof Expr.SelfRef s) {
        if (self == null) {
          throw new ConditionException(
              "'"
                  + s.text()
                  + "' refers to a step's own result and is only allowed in on_result; write"
                  + " steps.ID."
                  + s.field()
                  + " instead");
        }
        List<String> path = new ArrayList<>();
        path.add(self);
        path.add(s.field());
        path.addAll(s.path());
        ref = new TemplateRef("steps", path, s.text());
      } else {
        ref = ((Expr.Ref) o).ref();
      }
      JsonNode v = context.lookup(ref).orElse(NullNode.getInstance());
      boolean bareOutput =
          ref.root().equals("steps")
              && ref.path().size() == 2
              && ref.path().get(1).equals("output");
      if (bareOutput && v.isTextual()) {
        return TextNode.valueOf(v.textValue().strip());
      }
      return v;
    }
  }
}
