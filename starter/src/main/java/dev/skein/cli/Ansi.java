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
