package dev.skein.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's rows and columns, so the live table fits the screen. Java cannot ask the tty
 * itself; {@code stty size} on {@code /dev/tty} can, and sees resizes. Without it, {@code
 * COLUMNS}/{@code LINES}, else 80x24. Read at most once a second: the table is redrawn five times a
 * second.
 */
record TerminalSize(int rows, int columns) {

  static final TerminalSize FALLBACK = new TerminalSize(24, 80);

  private static final long CACHE_MS = 1000;
  private static TerminalSize cached;
  private static long cachedAt;

  /** The current size (cached for a second). */
  static synchronized TerminalSize current() {
    long now = System.currentTimeMillis();
    if (cached == null || now - cachedAt >= CACHE_MS) {
      cached = fromTty().or(TerminalSize::fromEnvironment).orElse(FALLBACK);
      cachedAt = now;
    }
    return cached;
  }

  /** {@code "40 60"} as stty prints it. */
  static Optional<TerminalSize> parse(String sttySize) {
    String[] parts = sttySize.strip().split("\\s+");
    if (parts.length != 2) {
      return Optional.empty();
    }
    return of(parts[0], parts[1]);
  }

  private static Optional<TerminalSize> fromTty() {
    File tty = new File("/dev/tty");
    if (!tty.exists()) {
      return Optional.empty();
    }
    try {
      Process p =
          new ProcessBuilder("stty", "size")
              .redirectInput(tty)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(1, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return p.exitValue() == 0 ? parse(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<TerminalSize> fromEnvironment() {
    String columns = System.getenv("COLUMNS");
    String lines = System.getenv("LINES");
    return columns == null || lines == null ? Optional.empty() : of(lines, columns);
  }

  private static Optional<TerminalSize> of(String rows, String columns) {
    try {
      int r = Integer.parseInt(rows.strip());
      int c = Integer.parseInt(columns.strip());
      // stty prints 0 0 for a pty nobody sized: not a size to fit anything to.
      return r > 0 && c > 0 ? Optional.of(new TerminalSize(r, c)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
