package dev.skein.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether a process still runs, judged by pid, as an operator would with {@code ps}. */
final class ProcessTrees {

  private ProcessTrees() {}

  /**
   * True while the process exists and is not a zombie. An orphan killed in a container whose init
   * does not reap children stays a zombie: it runs nothing and holds nothing but its pid.
   */
  static boolean running(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    return state(process.pid()).map(s -> s != 'Z' && s != 'X').orElse(false);
  }

  /** The state letter of /proc/PID/stat (R, S, D, Z...), empty once the process is gone. */
  private static Optional<Character> state(long pid) {
    try {
      String stat =
          Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length()
          ? Optional.empty()
          : Optional.of(stat.charAt(close + 2));
    } catch (IOException gone) {
      return Optional.empty();
    }
  }

  /** The pid written to {@code file} by a test agent. */
  static ProcessHandle handle(Path file) {
    try {
      long pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
      return ProcessHandle.of(pid)
          .orElseThrow(() -> new AssertionError("process " + pid + " of " + file + " is gone"));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
