package dev.skein.cli;

/** Who a decision is by: the name given, else the user running the command. */
final class Who {

  private Who() {}

  static String orUser(String given) {
    if (given != null && !given.isBlank()) {
      return given;
    }
    String user = System.getenv("USER");
    return user == null || user.isBlank() ? null : user;
  }
}
