package dev.skein.cli;

/** Counted nouns in sentences: "1 step", "2 steps", never "1 steps". */
final class Words {

  private Words() {}

  /** {@code n} and the noun, plural unless {@code n} is one ({@code singular + "s"}). */
  static String count(long n, String singular) {
    return n + " " + (n == 1 ? singular : singular + "s");
  }
}
