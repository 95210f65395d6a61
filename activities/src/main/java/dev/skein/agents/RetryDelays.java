package dev.skein.agents;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the wait a rate-limited service asks for, so the next attempt starts when it may succeed
 * instead of on the exponential schedule.
 */
public final class RetryDelays {

  private static final Pattern RETRY_AFTER = Pattern.compile("(?i)retry[- ]after\\W{0,3}(\\d+)");
  private static final Pattern TRY_AGAIN =
      Pattern.compile(
          "(?i)try again in\\s*(\\d+(?:\\.\\d+)?)\\s*"
              + "(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?)\\b");

  /** Longest wait honoured; a longer figure is capped so a run is never parked for hours. */
  static final Duration MAX = Duration.ofMinutes(10);

  private RetryDelays() {}

  /** A {@code Retry-After: N} or "try again in N s/ms/min" figure in free text. */
  public static Optional<Duration> fromText(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = RETRY_AFTER.matcher(text);
    if (m.find()) {
      return Optional.of(cap(Duration.ofSeconds(Long.parseLong(m.group(1)))));
    }
    m = TRY_AGAIN.matcher(text);
    if (m.find()) {
      double n = Double.parseDouble(m.group(1));
      String unit = m.group(2).toLowerCase();
      double millis =
          unit.startsWith("ms") || unit.startsWith("milli")
              ? n
              : unit.startsWith("m") ? n * 60_000 : n * 1000;
      return Optional.of(cap(Duration.ofMillis(Math.round(millis))));
    }
    return Optional.empty();
  }

  /** The value of an HTTP {@code Retry-After} header in delta-seconds (dates are ignored). */
  public static Optional<Duration> fromHeader(Optional<String> header) {
    return header
        .map(String::trim)
        .filter(v -> v.matches("\\d+"))
        .map(v -> cap(Duration.ofSeconds(Long.parseLong(v))));
  }

  private static Duration cap(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
