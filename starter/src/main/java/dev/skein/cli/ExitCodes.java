package dev.skein.cli;

/** The exit codes of interfaces.md. */
public final class ExitCodes {
  /** The run succeeded, or the command did its job. */
  public static final int OK = 0;

  /** The run ended failed or cancelled. */
  public static final int RUN_FAILED = 1;

  /** Bad input or usage: nothing was started. */
  public static final int USAGE = 2;

  /** The Temporal service could not be reached. */
  public static final int UNREACHABLE = 3;

  /** Something skein did not expect at all (a Java error): a bug in skein (EX_SOFTWARE). */
  public static final int INTERNAL = 70;

  private ExitCodes() {}
}
