package dev.skein.condition;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.template.TemplateException;
import dev.skein.template.TemplateRef;
import dev.skein.template.Templates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for conditions, over a hand-written tokenizer (linear, no regular
 * expressions). Nesting of parentheses and {@code !} is capped so a hostile expression fails with a
 * message instead of overflowing the workflow thread's stack.
 *
 * <pre>
 * or         := and ('||' and)*
 * and        := unary ('&&' unary)*
 * unary      := '!' unary | primary
 * primary    := '(' or ')' | comparison
 * comparison := operand (('==' | '!=' | '<' | '<=' | '>' | '>=') operand | 'in' (list | operand))?
 * list       := '[' (operand (',' operand)*)? ']'
 * operand    := 'string' | "string" | number | true | false | null | always | never
 *             | reference | '{{' reference '}}'
 * </pre>
 *
 * <p>The ordering operators, {@code in} and lists came after the first release; with {@code
 * extended} off the parser refuses them exactly as that release did, so a run it rejected replays
 * as rejected.
 */
final class ConditionParser {

  static final int MAX_DEPTH = 64;

  private static final List<String> ROOTS =
      List.of("steps", "inputs", "item", "index", "run", "pipeline");

  private enum Kind {
    LPAREN,
    RPAREN,
    NOT,
    AND,
    OR,
    EQ,
    NE,
    ORDER,
    IN,
    LBRACKET,
    RBRACKET,
    COMMA,
    STRING,
    NUMBER,
    WORD,
    END
  }

  /**
   * @param position 1-based
   */
  private record Token(Kind kind, String text, int position, Object value) {
    String describe() {
      return kind == Kind.END ? "end of expression" : "'" + abbreviate(text) + "'";
    }
  }

  private final String source;
  private final boolean extended;
  private final List<Token> tokens;
  private int next;
  private int depth;

  private ConditionParser(String source, boolean extended) {
    this.source = source;
    this.extended = extended;
    this.tokens = tokenize(source);
  }

  static Expr parse(String source, boolean extended) {
    ConditionParser p = new ConditionParser(source, extended);
    Expr e = p.or();
    Token t = p.peek();
    if (t.kind() != Kind.END) {
      throw p.expected(
          extended
              ? "an operator ('==', '!=', '<', '<=', '>', '>=', 'in', '&&', '||') or end of"
                  + " expression"
              : "'==', '!=', '&&', '||' or end of expression",
          t);
    }
    return e;
  }

  private Expr or() {
    List<Expr> terms = new ArrayList<>();
    terms.add(and());
    while (peek().kind() == Kind.OR) {
      next++;
      terms.add(and());
    }
    return terms.size() == 1 ? terms.get(0) : new Expr.Or(terms);
  }

  private Expr and() {
    List<Expr> terms = new ArrayList<>();
    terms.add(unary());
    while (peek().kind() == Kind.AND) {
      next++;
      terms.add(unary());
    }
    return terms.size() == 1 ? terms.get(0) : new Expr.And(terms);
  }

  private Expr unary() {
    Token t = peek();
    if (t.kind() == Kind.NOT) {
      next++;
      enter(t);
      Expr operand = unary();
      depth--;
      return new Expr.Not(operand);
    }
    return primary();
  }

  private Expr primary() {
    Token t = peek();
    if (t.kind() == Kind.LPAREN) {
      next++;
      enter(t);
      Expr inner = or();
      Token close = peek();
      if (close.kind() != Kind.RPAREN) {
        throw new ConditionException(
            "expected ')' at position "
                + close.position()
                + " to close the '(' at position "
                + t.position()
                + ", found "
                + close.describe()
                + " in "
                + quoted());
      }
      next++;
      depth--;
      return inner;
    }
    return comparison();
  }

  private Expr comparison() {
    Expr.Operand left = operand();
    Token t = peek();
    if (t.kind() == Kind.EQ || t.kind() == Kind.NE) {
      next++;
      return new Expr.Compare(left, t.kind() == Kind.EQ, operand());
    }
    if (t.kind() == Kind.ORDER) {
      next++;
      return new Expr.Order(left, t.text(), operand());
    }
    if (t.kind() == Kind.IN) {
      next++;
      return new Expr.In(left, peek().kind() == Kind.LBRACKET ? list() : operand());
    }
    return new Expr.Truthy(left);
  }

  private Expr.Operand list() {
    Token open = peek();
    next++;
    List<Expr.Operand> items = new ArrayList<>();
    if (peek().kind() == Kind.RBRACKET) {
      next++;
      return new Expr.ListOf(items);
    }
    while (true) {
      items.add(operand());
      Token t = peek();
      if (t.kind() == Kind.RBRACKET) {
        next++;
        return new Expr.ListOf(items);
      }
      if (t.kind() != Kind.COMMA) {
        throw expected("',' or ']' to close the '[' at position " + open.position(), t);
      }
      next++;
    }
  }

  private Expr.Operand operand() {
    Token t = peek();
    switch (t.kind()) {
      case STRING -> {
        next++;
        return new Expr.Literal(TextNode.valueOf((String) t.value()));
      }
      case NUMBER -> {
        next++;
        return new Expr.Literal(DecimalNode.valueOf((BigDecimal) t.value()));
      }
      case WORD -> {
        next++;
        return word(t);
      }
      default ->
          throw expected(
              "a value (a quoted string, a number, true, false, null, always, never or a reference)",
              t);
    }
  }

  private Expr.Operand word(Token t) {
    String w = t.text();
    switch (w) {
      case "true", "always" -> {
        return new Expr.Literal(BooleanNode.TRUE);
      }
      case "false", "never" -> {
        return new Expr.Literal(BooleanNode.FALSE);
      }
      case "null" -> {
        return new Expr.Literal(NullNode.getInstance());
      }
      case "status" -> {
        return new Expr.SelfRef("status", List.of(), w);
      }
      default -> {
        // handled below
      }
    }
    if (w.equals("output") || w.startsWith("output.") || w.startsWith("output[")) {
      // The path after "output" has the same syntax as one after "item".
      TemplateRef path = reference("item" + w.substring("output".length()), t);
      return new Expr.SelfRef("output", path.path(), w);
    }
    return new Expr.Ref(reference(w, t));
  }

  private TemplateRef reference(String text, Token t) {
    int rootEnd = 0;
    while (rootEnd < text.length() && text.charAt(rootEnd) != '.' && text.charAt(rootEnd) != '[') {
      rootEnd++;
    }
    String root = text.substring(0, rootEnd);
    if (!ROOTS.contains(root)) {
      throw new ConditionException(
          "unknown name "
              + t.describe()
              + " at position "
              + t.position()
              + ": expected a quoted string, a number, true, false, null, always, never or a"
              + " reference (steps.ID.status, steps.ID.output…, inputs.NAME…, item, index,"
              + " output…, status) in "
              + quoted());
    }
    try {
      return Templates.parseReference(text);
    } catch (TemplateException e) {
      String message = e.getMessage();
      String what = message.substring(message.lastIndexOf(": ") + 2);
      throw new ConditionException(
          "malformed reference "
              + t.describe()
              + " at position "
              + t.position()
              + ": "
              + what
              + " in "
              + quoted());
    }
  }

  private void enter(Token t) {
    depth++;
    if (depth > MAX_DEPTH) {
      throw new ConditionException(
          "expression nested more than "
              + MAX_DEPTH
              + " levels deep at position "
              + t.position()
              + " in "
              + quoted());
    }
  }

  private Token peek() {
    return tokens.get(next);
  }

  private ConditionException expected(String what, Token found) {
    return new ConditionException(
        "expected "
            + what
            + " at position "
            + found.position()
            + ", found "
            + found.describe()
            + " in "
            + quoted());
  }

  private String quoted() {
    return "'" + abbreviate(source) + "'";
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  // --- tokenizer ---

  private List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (true) {
      while (i < n && isSpace(s.charAt(i))) {
        i++;
      }
      if (i >= n) {
        out.add(new Token(Kind.END, "", n + 1, null));
        return out;
      }
      char c = s.charAt(i);
      int pos = i + 1;
      if (c == '(') {
        out.add(new Token(Kind.LPAREN, "(", pos, null));
        i++;
      } else if (c == ')') {
        out.add(new Token(Kind.RPAREN, ")", pos, null));
        i++;
      } else if (c == '!') {
        if (i + 1 < n && s.charAt(i + 1) == '=') {
          out.add(new Token(Kind.NE, "!=", pos, null));
          i += 2;
        } else {
          out.add(new Token(Kind.NOT, "!", pos, null));
          i++;
        }
      } else if (extended && (c == '<' || c == '>')) {
        boolean orEqual = i + 1 < n && s.charAt(i + 1) == '=';
        String op = orEqual ? c + "=" : String.valueOf(c);
        out.add(new Token(Kind.ORDER, op, pos, null));
        i += op.length();
      } else if (extended && c == '[') {
        out.add(new Token(Kind.LBRACKET, "[", pos, null));
        i++;
      } else if (extended && c == ']') {
        out.add(new Token(Kind.RBRACKET, "]", pos, null));
        i++;
      } else if (extended && c == ',') {
        out.add(new Token(Kind.COMMA, ",", pos, null));
        i++;
      } else if (c == '=') {
        requireDouble(s, i, '=', "'==' (a single '=' is not an operator)");
        out.add(new Token(Kind.EQ, "==", pos, null));
        i += 2;
      } else if (c == '&') {
        requireDouble(s, i, '&', "'&&'");
        out.add(new Token(Kind.AND, "&&", pos, null));
        i += 2;
      } else if (c == '|') {
        requireDouble(s, i, '|', "'||'");
        out.add(new Token(Kind.OR, "||", pos, null));
        i += 2;
      } else if (c == '\'' || c == '"') {
        i = string(s, i, out);
      } else if (isDigit(c) || (c == '-' && i + 1 < n && isDigit(s.charAt(i + 1)))) {
        i = number(s, i, out);
      } else if (c == '{' && i + 1 < n && s.charAt(i + 1) == '{') {
        int close = s.indexOf("}}", i + 2);
        if (close < 0) {
          throw new ConditionException(
              "unclosed '{{' at position " + pos + ": expected '}}' after it in " + quoted());
        }
        String inner = s.substring(i + 2, close).strip();
        if (inner.isEmpty()) {
          throw new ConditionException(
              "empty reference '{{ }}' at position " + pos + " in " + quoted());
        }
        out.add(new Token(Kind.WORD, inner, pos, null));
        i = close + 2;
      } else if (isWordStart(c)) {
        int start = i;
        int open = 0;
        while (i < n && isWordChar(s.charAt(i))) {
          char w = s.charAt(i);
          // In a list, "[inputs.a]" closes the list: only a ']' matching the word's own '[' is
          // part of the word; "in[" starts a list too.
          if (extended && w == ']' && open == 0) {
            break;
          }
          if (extended && w == '[' && s.substring(start, i).equals("in")) {
            break;
          }
          open += w == '[' ? 1 : w == ']' ? -1 : 0;
          i++;
        }
        String word = s.substring(start, i);
        out.add(new Token(extended && word.equals("in") ? Kind.IN : Kind.WORD, word, pos, null));
      } else {
        throw new ConditionException(
            "unexpected character '" + c + "' at position " + pos + " in " + quoted());
      }
    }
  }

  private void requireDouble(String s, int i, char c, String what) {
    if (i + 1 >= s.length() || s.charAt(i + 1) != c) {
      throw new ConditionException(
          "expected " + what + " at position " + (i + 1) + " in " + quoted());
    }
  }

  private int string(String s, int i, List<Token> out) {
    char quote = s.charAt(i);
    StringBuilder value = new StringBuilder();
    int j = i + 1;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == quote) {
        out.add(new Token(Kind.STRING, s.substring(i, j + 1), i + 1, value.toString()));
        return j + 1;
      }
      if (c == '\\') {
        if (j + 1 >= s.length()) {
          break;
        }
        char e = s.charAt(j + 1);
        switch (e) {
          case '\\', '\'', '"' -> value.append(e);
          case 'n' -> value.append('\n');
          case 't' -> value.append('\t');
          default ->
              throw new ConditionException(
                  "unknown escape '\\"
                      + e
                      + "' at position "
                      + (j + 1)
                      + " (use \\\\, \\', \\\", \\n or \\t) in "
                      + quoted());
        }
        j += 2;
      } else {
        value.append(c);
        j++;
      }
    }
    throw new ConditionException(
        "unterminated string starting at position "
            + (i + 1)
            + ": expected a closing "
            + quote
            + " in "
            + quoted());
  }

  private int number(String s, int i, List<Token> out) {
    int n = s.length();
    int j = i;
    if (s.charAt(j) == '-') {
      j++;
    }
    j = digits(s, j);
    if (j < n && s.charAt(j) == '.') {
      int after = digits(s, j + 1);
      if (after == j + 1) {
        throw new ConditionException(
            "expected digits after '.' at position " + (j + 2) + " in " + quoted());
      }
      j = after;
    }
    if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
      int k = j + 1;
      if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
        k++;
      }
      int after = digits(s, k);
      if (after == k) {
        throw new ConditionException(
            "expected digits in the exponent at position " + (k + 1) + " in " + quoted());
      }
      j = after;
    }
    String text = s.substring(i, j);
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConditionException(
          "number out of range at position " + (i + 1) + " in " + quoted());
    }
    out.add(new Token(Kind.NUMBER, text, i + 1, value));
    return j;
  }

  private static int digits(String s, int from) {
    int j = from;
    while (j < s.length() && isDigit(s.charAt(j))) {
      j++;
    }
    return j;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isWordChar(char c) {
    return isWordStart(c) || isDigit(c) || c == '-' || c == '.' || c == '[' || c == ']';
  }
}
