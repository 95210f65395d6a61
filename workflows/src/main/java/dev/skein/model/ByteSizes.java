package dev.skein.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as pipelines write them: {@code 1024}, {@code 256KiB}, {@code 1MiB}, {@code 10MB}. */
public final class ByteSizes {

  private static final Pattern FORMAT =
      Pattern.compile("(\\d{1,15})\\s*(b|kb|kib|mb|mib|gb|gib)?", Pattern.CASE_INSENSITIVE);

  private ByteSizes() {}

  /**
   * Parses a size: a whole number of bytes, or with a unit (KiB/MiB/GiB are powers of 1024,
   * KB/MB/GB powers of 1000).
   *
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  public static long parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid size '"
              + text
              + "' (expected bytes, or a number with KiB, MiB, GiB, KB, MB or"
              + " GB, like 256KiB)");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "kb" -> 1000L;
          case "kib" -> 1024L;
          case "mb" -> 1000L * 1000;
          case "mib" -> 1024L * 1024;
          case "gb" -> 1000L * 1000 * 1000;
          case "gib" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(amount, factor);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("invalid size '" + text + "' (too large)");
    }
  }
}
