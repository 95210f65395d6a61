package dev.skein.cli;

import dev.skein.run.StepStatus;

/** ANSI escapes for the live view; colours stay off when NO_COLOR is set. */
final class Ansi {

  private static final boolean COLOUR = System.getenv("NO_COLOR") == null;

  private Ansi() {}

  /** Moves the cursor up {@code lines} lines to column 1 and clears to the end of the screen. */
  static String rewind(int lines) {
    return lines == 0 ? "\r\033[J" : "\033[" + lines + "F\033[J";
  }

  /** Clears the current line (what the terminal echoed there, such as {@code ^C}). */
  static String clearLine() {
    return "\r\033[K";
  }

  /** The characters that show, without escape sequences. */
  static int visibleLength(String text) {
    return strip(text).length();
  }

  /** The text without its escape sequences. */
  static String strip(String text) {
    return text.replaceAll("\033\\[[0-9;?]*[A-Za-z]", "");
  }

  /**
   * At most {@code width} visible characters, escape sequences kept (they take no room); a cut line
   * ends in {@code …} and resets the colour it may have cut through. A line as wide as the terminal
   * would wrap on some terminals and leave a fragment the next repaint cannot reach.
   */
  static String truncate(String text, int width) {
    if (visibleLength(text) <= width) {
      return text;
    }
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    int i = 0;
    while (i < text.length() && shown < width - 1) {
      char c = text.charAt(i);
      if (c == '\033' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
        int end = i + 2;
        while (end < text.length() && !Character.isLetter(text.charAt(end))) {
          end++;
        }
        sb.append(text, i, Math.min(end + 1, text.length()));
        i = end + 1;
        continue;
      }
      sb.append(c);
      shown++;
      i++;
    }
    sb.append('…');
    return text.indexOf('\033') >= 0 ? sb.append("\033[0m").toString() : sb.toString();
  }

  static String status(StepStatus status, String text) {
    if (!COLOUR || status == null) {
      return text;
    }
    String code =
        switch (status) {
          case SUCCEEDED -> "32";
          case FAILED -> "31";
          case RUNNING -> "33";
          case CANCELLED -> "35";
          case PENDING, SKIPPED -> "2";
        };
    return "\033[" + code + "m" + text + "\033[0m";
  }
}
