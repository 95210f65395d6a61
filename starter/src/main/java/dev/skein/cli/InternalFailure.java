package dev.skein.cli;

import java.util.Locale;
import java.util.Optional;

/**
 * Words for a failure skein has no sentence for, a Java {@link Error} above all: what kind it is in
 * plain words ({@code StackOverflowError} is "stack overflow"), and its message when it has one,
 * without the Java class names a person cannot act on.
 */
final class InternalFailure {

  private InternalFailure() {}

  /** The first {@link Error} in the chain of causes: a wrapper's message would hide it. */
  static Optional<Error> errorIn(Throwable t) {
    return Optional.ofNullable(Causes.first(t, Error.class));
  }

  /** "stack overflow", "out of memory (Java heap space)", "no class def found (a/b/C)". */
  static String describe(Throwable t) {
    Throwable what = errorIn(t).map(Throwable.class::cast).orElse(t);
    String kind = words(what.getClass().getSimpleName());
    String message;
    try {
      message = what.getMessage() == null ? "" : SkeinMain.sentence(what);
    } catch (RuntimeException brokenMessage) {
      message = "";
    }
    boolean saysMore = !message.isEmpty() && !message.equals("the command failed unexpectedly");
    return kind + (saysMore ? " (" + message + ")" : "");
  }

  /** A class's simple name as lower-case words, without a trailing "Error" or "Exception". */
  static String words(String simpleName) {
    String name = simpleName.replaceAll("(Error|Exception)$", "");
    String spaced = name.replaceAll("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ");
    String lower = spaced.toLowerCase(Locale.ROOT).strip();
    return lower.isEmpty() ? "unexpected failure" : lower;
  }
}
