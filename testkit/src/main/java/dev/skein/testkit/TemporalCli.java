package dev.skein.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pinned Temporal CLI that {@code tools/install-tools} puts in the repository's git-ignored
 * {@code .tools/venv}: server (SQLite persistence), Web UI and command line in one binary.
 */
public final class TemporalCli {

  static final Path RELATIVE = Path.of(".tools", "venv", "bin", "temporal");
  private static final Path INSTALLER = Path.of("tools", "install-tools");

  private TemporalCli() {}

  /**
   * The binary, found from the working directory upwards (a module directory under surefire, the
   * repository root elsewhere).
   *
   * @throws IllegalStateException naming the command that installs it, when it is missing: the real
   *     server tier is not optional, so a missing binary fails instead of skipping
   */
  public static Path binary() {
    return binary(Path.of(System.getProperty("user.dir")));
  }

  static Path binary(Path from) {
    Path start = from.toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    Path root = repositoryRoot(start).orElse(start);
    throw new IllegalStateException(
        "The Temporal CLI is not installed ("
            + root.resolve(RELATIVE)
            + " is missing): run "
            + root.resolve(INSTALLER)
            + " once (.ci/run does), then run the tests again.");
  }

  private static Optional<Path> repositoryRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(INSTALLER))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }
}
