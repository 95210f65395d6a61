package dev.skein.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pinned Temporal CLI that {@code tools/install-tools} puts in the repository's git-ignored
 * {@code .tools/venv}: server (SQLite persistence), Web UI and command line in one binary.
 */
public final class TemporalCli {

  static final Path RELATIVE = Path.of(".tools", "venv", "bin", "temporal");
  private static final Path INSTALLER = Path.of("tools", "install-tools");

  private TemporalCli() {}

  /** A finished {@code temporal} command. */
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /**
   * Runs {@code temporal args...} to completion (at most {@code timeout}), with none of the
   * machine's {@code TEMPORAL_*} settings and no config file, as a user would type it.
   */
  public static Result run(Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("temporal-cli-out", ".txt");
      Path err = Files.createTempFile("temporal-cli-err", ".txt");
      try {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("TEMPORAL_"));
        builder.environment().put("TEMPORAL_CONFIG_FILE", "/nonexistent/skein-test/temporal.toml");
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException(
              String.join(" ", command) + " did not end within " + timeout);
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

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
