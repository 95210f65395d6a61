package dev.skein.template;

/** Message helpers: user text quoted in an error is cut so a hostile input cannot flood logs. */
final class Text {

  private static final int MAX = 80;

  private Text() {}

  static String abbreviate(String s) {
    return s.length() <= MAX ? s : s.substring(0, MAX) + "…";
  }

  static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isWhitespace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
