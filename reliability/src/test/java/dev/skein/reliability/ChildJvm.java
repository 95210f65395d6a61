package dev.skein.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code skein} command (worker, dev-server) running as a child JVM on this module's test class
 * path, its stdout and stderr in one log file under {@code target/reliability-logs} for diagnosis.
 * Closing it kills it, so a failed test never leaves a worker polling behind.
 */
final class ChildJvm implements AutoCloseable {

  static final Path LOG_DIR = Path.of("target", "reliability-logs");

  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code skein args...}; {@code extraEnv} is added to a Temporal-free environment. */
  static ChildJvm skein(String name, Map<String, String> extraEnv, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Workers here run short agents: fast startup matters more than peak throughput.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx384m");
    // This module's logback-test.xml quiets the test JVM; a child logs as a real worker does.
    command.add("-Dlogback.configurationFile=logback.xml");
    command.add("-cp");
    command.add(classPath());
    command.add("dev.skein.cli.SkeinMain");
    command.addAll(List.of(args));
    try {
      Files.createDirectories(LOG_DIR);
      Path log = LOG_DIR.resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      Map<String, String> env = builder.environment();
      // The machine's Temporal settings must not redirect the children elsewhere.
      env.keySet().removeIf(k -> k.startsWith("TEMPORAL_"));
      env.put(
          "TEMPORAL_CONFIG_FILE", LOG_DIR.resolve("no-temporal.toml").toAbsolutePath().toString());
      env.putAll(extraEnv);
      return new ChildJvm(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The test class path: surefire names it here when it boots through a manifest-only jar. */
  static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** {@code kill -9}: the JVM gets no chance to clean up, as in a machine or container crash. */
  void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM, as an orchestrator sends before a rolling restart. */
  void terminate() {
    process.destroy();
  }

  /** The exit code, if the process ended within {@code timeout}. */
  Optional<Integer> awaitExit(Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.of(process.exitValue());
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  Path logFile() {
    return log;
  }

  /** Everything the process printed so far. */
  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(10));
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
