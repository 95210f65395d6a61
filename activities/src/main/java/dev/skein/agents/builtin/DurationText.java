package dev.skein.agents.builtin;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the pipeline language's durations ({@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}) in
 * {@code with} parameters. A stand-in until the model module offers a shared parser; the grammar is
 * the same.
 */
final class DurationText {

  private static final Pattern FORM = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)\\s*");

  private DurationText() {}

  static Optional<Duration> parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    double n = Double.parseDouble(m.group(1));
    double millis =
        switch (m.group(2)) {
          case "ms" -> n;
          case "s" -> n * 1000;
          case "m" -> n * 60_000;
          default -> n * 3_600_000;
        };
    return Optional.of(Duration.ofMillis(Math.round(millis)));
  }

  /** {@code 1500} ms reads as {@code 1.5s}, {@code 300} as {@code 300ms}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : (ms / 1000.0) + "s";
  }
}
