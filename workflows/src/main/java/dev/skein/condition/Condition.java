package dev.skein.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.template.TemplateContext;
import dev.skein.template.TemplateRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code when} expression: {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >},
 * {@code >=}, {@code in} over a list, {@code &&}, {@code ||}, {@code !}, parentheses,
 * string/number/boolean literals, {@code steps.X.status}, {@code steps.X.output.path}, {@code
 * inputs.x}, {@code always}, {@code never}. Safe: nothing is evaluated as code.
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
 *   <li>{@code <}, {@code <=}, {@code >}, {@code >=} are true only when both sides are numbers;
 *       {@code x in list} is true when the list (written {@code [a, b]} or a reference to a JSON
 *       array) has a member equal to x, and false when it is not a list.
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
    return new Condition(expression, ConditionParser.parse(expression, true));
  }

  /**
   * Parses with the first release's syntax (no {@code <}, {@code <=}, {@code >}, {@code >=}, {@code
   * in} or lists), for replaying runs that release validated.
   */
  public static Condition parseFirstRelease(String expression) {
    return new Condition(expression, ConditionParser.parse(expression, false));
  }

  /**
   * A comparison of a step's status with a string: {@code steps.s.status == 'failed'}, {@code
   * status != 'skipped'}, {@code steps.s.status in ['failed', 'skipped']}.
   *
   * @param step the step whose status is compared; empty for an on_result rule's own {@code status}
   * @param literal the string compared with
   * @param matches true when the condition needs the status to be the literal ({@code ==} or {@code
   *     in}, not under {@code !}), false when it needs it to differ
   * @param text the comparison as written, for messages
   */
  public record StatusTest(Optional<String> step, String literal, boolean matches, String text) {}

  /** Every comparison of a status with a string literal, for validation. */
  public List<StatusTest> statusTests() {
    List<StatusTest> out = new ArrayList<>();
    statusTests(root, true, out);
    return out;
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
    } else if (e instanceof Expr.Order o) {
      collect(o.left(), refs);
      collect(o.right(), refs);
    } else if (e instanceof Expr.In in) {
      collect(in.left(), refs);
      collect(in.list(), refs);
    } else if (e instanceof Expr.Truthy t) {
      collect(t.operand(), refs);
    }
  }

  private static void collect(Expr.Operand o, List<TemplateRef> refs) {
    if (o instanceof Expr.Ref r) {
      refs.add(r.ref());
    } else if (o instanceof Expr.ListOf l) {
      l.items().forEach(i -> collect(i, refs));
    }
  }

  private static void statusTests(Expr e, boolean positive, List<StatusTest> out) {
    if (e instanceof Expr.Or or) {
      or.terms().forEach(t -> statusTests(t, positive, out));
    } else if (e instanceof Expr.And and) {
      and.terms().forEach(t -> statusTests(t, positive, out));
    } else if (e instanceof Expr.Not not) {
      statusTests(not.operand(), !positive, out);
    } else if (e instanceof Expr.Compare c) {
      boolean matches = positive == c.equals();
      statusTest(c.left(), c.right(), matches, out);
      statusTest(c.right(), c.left(), matches, out);
    } else if (e instanceof Expr.In in && in.list() instanceof Expr.ListOf l) {
      for (Expr.Operand item : l.items()) {
        statusTest(in.left(), item, positive, out);
      }
    }
  }

  private static void statusTest(
      Expr.Operand status, Expr.Operand other, boolean matches, List<StatusTest> out) {
    if (!(other instanceof Expr.Literal lit) || !lit.value().isTextual()) {
      return;
    }
    String literal = lit.value().textValue();
    if (status instanceof Expr.SelfRef self && self.field().equals("status")) {
      out.add(new StatusTest(Optional.empty(), literal, matches, "status"));
    } else if (status instanceof Expr.Ref r
        && r.ref().root().equals("steps")
        && r.ref().path().size() == 2
        && r.ref().path().get(1).equals("status")) {
      out.add(
          new StatusTest(
              Optional.of(r.ref().path().get(0)), literal, matches, r.ref().expression()));
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
    } else if (e instanceof Expr.Order o) {
      return o.left() instanceof Expr.SelfRef || o.right() instanceof Expr.SelfRef;
    } else if (e instanceof Expr.In in) {
      return in.left() instanceof Expr.SelfRef
          || in.list() instanceof Expr.SelfRef
          || (in.list() instanceof Expr.ListOf l
              && l.items().stream().anyMatch(i -> i instanceof Expr.SelfRef));
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
      if (e instanceof Expr.Order o) {
        return Values.order(value(o.left()), o.op(), value(o.right()));
      }
      if (e instanceof Expr.In in) {
        JsonNode needle = value(in.left());
        JsonNode list = value(in.list());
        if (!list.isArray()) {
          return false;
        }
        for (JsonNode member : list) {
          if (Values.equal(needle, member)) {
            return true;
          }
        }
        return false;
      }
      Expr.Truthy t = (Expr.Truthy) e;
      JsonNode v = value(t.operand());
      return v.isBoolean() && v.booleanValue();
    }

    JsonNode value(Expr.Operand o) {
      if (o instanceof Expr.Literal l) {
        return l.value();
      }
      if (o instanceof Expr.ListOf l) {
        com.fasterxml.jackson.databind.node.ArrayNode array =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        l.items().forEach(i -> array.add(value(i)));
        return array;
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
