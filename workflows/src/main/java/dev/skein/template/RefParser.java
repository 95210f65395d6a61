package dev.skein.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses one reference ({@code steps.plan.output.items[0]}) with a hand-written scanner: linear in
 * the input, no regular expressions, so hostile templates cannot make it backtrack.
 */
final class RefParser {

  static final List<String> ROOTS = List.of("inputs", "steps", "item", "index", "run", "pipeline");

  private RefParser() {}

  /**
   * @param expr the reference, already trimmed
   * @param position 1-based position of {@code expr} in the text it came from, for messages
   */
  static TemplateRef parse(String expr, int position) {
    int n = expr.length();
    int i = scanName(expr, 0);
    if (i == 0) {
      throw malformed(
          expr, position, 0, "expected a reference such as inputs.NAME or steps.ID.output");
    }
    String root = expr.substring(0, i);
    if (!ROOTS.contains(root)) {
      throw new TemplateException(
          "unknown reference '"
              + Text.abbreviate(expr)
              + "' at position "
              + position
              + ": expected inputs, steps, item, index, run or pipeline");
    }
    List<String> path = new ArrayList<>();
    List<Boolean> indexed = new ArrayList<>();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '.') {
        int start = i + 1;
        i = scanName(expr, start);
        if (i == start) {
          throw malformed(expr, position, start, "expected a name after '.'");
        }
        path.add(expr.substring(start, i));
        indexed.add(false);
      } else if (c == '[') {
        int start = i + 1;
        i = start;
        while (i < n && isDigit(expr.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw malformed(expr, position, start, "expected an index (digits) after '['");
        }
        if (i >= n || expr.charAt(i) != ']') {
          throw malformed(expr, position, i, "expected ']'");
        }
        path.add(expr.substring(start, i));
        indexed.add(true);
        i++;
      } else {
        throw malformed(expr, position, i, "expected '.' or '[' but found '" + c + "'");
      }
    }
    checkShape(root, path, indexed, expr, position);
    return new TemplateRef(root, path, expr);
  }

  private static void checkShape(
      String root, List<String> path, List<Boolean> indexed, String expr, int position) {
    switch (root) {
      case "inputs" -> {
        if (path.isEmpty() || indexed.get(0)) {
          throw malformed(expr, position, root.length(), "expected .NAME after inputs");
        }
      }
      case "steps" -> {
        if (path.isEmpty() || indexed.get(0)) {
          throw malformed(expr, position, root.length(), "expected .ID after steps");
        }
        if (path.size() == 1) {
          throw malformed(
              expr,
              position,
              expr.length(),
              "expected .output, .status or a field after steps." + path.get(0));
        }
      }
      case "index" -> {
        if (!path.isEmpty()) {
          throw malformed(expr, position, root.length(), "index has no fields");
        }
      }
      case "run" -> {
        if (!path.equals(List.of("id")) || indexed.get(0)) {
          throw malformed(expr, position, root.length(), "expected run.id");
        }
      }
      case "pipeline" -> {
        if (!path.equals(List.of("name")) || indexed.get(0)) {
          throw malformed(expr, position, root.length(), "expected pipeline.name");
        }
      }
      default -> {
        // item: any path
      }
    }
  }

  private static TemplateException malformed(String expr, int position, int offset, String what) {
    return new TemplateException(
        "malformed reference '"
            + Text.abbreviate(expr)
            + "' at position "
            + (position + offset)
            + ": "
            + what);
  }

  private static int scanName(String s, int from) {
    int i = from;
    while (i < s.length() && isNameChar(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * How a reference is written up to {@code count} path segments: names after dots, array indexes
   * in brackets (the step id and input name are always names).
   */
  static String display(String root, List<String> path, int count) {
    StringBuilder sb = new StringBuilder(root);
    boolean named = root.equals("steps") || root.equals("inputs");
    for (int i = 0; i < count; i++) {
      String seg = path.get(i);
      if (isDigits(seg) && !(named && i == 0)) {
        sb.append('[').append(seg).append(']');
      } else {
        sb.append('.').append(seg);
      }
    }
    return sb.toString();
  }
}
