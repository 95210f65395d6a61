package dev.skein.cli;

/** Ends a command with an exit code and one sentence on stderr. */
final class CliException extends RuntimeException {

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }

  int exitCode() {
    return exitCode;
  }
}
