package dev.skein.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Follow-up commands printed for the user to paste: they carry the connection flags this command
 * was given ({@code --address}, {@code --namespace}, {@code --profile}), or the pasted command
 * would talk to another service than the one the run is on.
 */
final class Hints {

  private final String flags;

  private Hints(String flags) {
    this.flags = flags;
  }

  static Hints of(ConnectionOptions connection) {
    List<String> parts = new ArrayList<>();
    if (connection != null) {
      if (connection.address != null) {
        parts.add("--address " + quoted(connection.address));
      }
      if (connection.namespace != null) {
        parts.add("--namespace " + quoted(connection.namespace));
      }
      if (connection.profile != null) {
        parts.add("--profile " + quoted(connection.profile));
      }
    }
    return new Hints(parts.isEmpty() ? "" : " " + String.join(" ", parts));
  }

  /** For an address the command chose itself (the embedded or a configured service). */
  static Hints address(String address) {
    return new Hints(" --address " + quoted(address));
  }

  /** {@code skein SUBCOMMAND <flags> ARGS}. */
  String command(String subcommand, String... args) {
    StringBuilder sb = new StringBuilder("skein ").append(subcommand).append(flags);
    for (String a : args) {
      sb.append(' ').append(quoted(a));
    }
    return sb.toString();
  }

  /** The worker command for a queue, on the same service. */
  String worker(String taskQueue) {
    return command("worker", "--task-queue", taskQueue);
  }

  private static String quoted(String s) {
    return s.matches("[A-Za-z0-9._:/@=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
