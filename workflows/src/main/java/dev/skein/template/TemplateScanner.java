package dev.skein.template;

import java.util.ArrayList;
import java.util.List;

/** Splits a template into literal text and {@code {{ reference }}} parts, in one linear pass. */
final class TemplateScanner {

  /** Exactly one of {@code text} and {@code ref} is set. */
  record Part(String text, TemplateRef ref) {}

  private TemplateScanner() {}

  static List<Part> scan(String template) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    int len = template.length();
    while (i < len) {
      int open = template.indexOf("{{", i);
      if (open < 0) {
        parts.add(new Part(template.substring(i), null));
        break;
      }
      if (open > i) {
        parts.add(new Part(template.substring(i, open), null));
      }
      int close = template.indexOf("}}", open + 2);
      if (close < 0) {
        throw new TemplateException(
            "unclosed '{{' at position " + (open + 1) + ": expected '}}' after it");
      }
      String inner = template.substring(open + 2, close);
      int a = 0;
      int b = inner.length();
      while (a < b && Text.isWhitespace(inner.charAt(a))) {
        a++;
      }
      while (b > a && Text.isWhitespace(inner.charAt(b - 1))) {
        b--;
      }
      if (a == b) {
        throw new TemplateException(
            "empty reference '{{" + Text.abbreviate(inner) + "}}' at position " + (open + 1));
      }
      parts.add(new Part(null, RefParser.parse(inner.substring(a, b), open + 3 + a)));
      i = close + 2;
    }
    return parts;
  }
}
