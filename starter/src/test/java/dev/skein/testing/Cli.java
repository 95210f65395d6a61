package dev.skein.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The {@code skein} command as a child JVM on the test classpath (the shaded jar does not exist
 * during the test phase). Temporal and Skein storage settings of the machine running the tests are
 * removed from its environment, so "no address configured" really means none, and the default
 * payload directory is a temporary one rather than the user's.
 */
public final class Cli {

  private static Path dataHome;

  private Cli() {}

  /** One XDG_DATA_HOME for the child processes of this JVM: workers create their default store. */
  private static synchronized Path dataHome() throws IOException {
    if (dataHome == null) {
      dataHome = Files.createTempDirectory("skein-test-data");
    }
    return dataHome;
  }

  /** A finished command. */
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /**
   * Runs {@code command} in this JVM with its standard output and error captured: for commands
   * given seams a child process cannot have.
   */
  public static Result captured(IntSupplier command) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      exit = command.getAsInt();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  /** Runs to completion (at most {@code timeout}). */
  public static Result run(Path workDir, Duration timeout, String... args) {
    try {
      // Output files go to the system temp dir: workDir may be the repository itself.
      Path out = Files.createTempFile("skein-out", ".txt");
      Path err = Files.createTempFile("skein-err", ".txt");
      out.toFile().deleteOnExit();
      err.toFile().deleteOnExit();
      Process p = start(workDir, out, err, Map.of(), args);
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(
            "skein "
                + String.join(" ", args)
                + " did not end within "
                + timeout
                + "\n"
                + Files.readString(out)
                + Files.readString(err));
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public static Result run(Path workDir, String... args) {
    return run(workDir, Duration.ofSeconds(90), args);
  }

  /** The command line that runs {@code skein args} in a child JVM. */
  public static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xshare:auto");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.skein.cli.SkeinMain");
    command.addAll(List.of(args));
    return command;
  }

  /**
   * A process builder for {@code command} (which runs skein, perhaps under a wrapper) with the
   * environment described above.
   */
  public static ProcessBuilder processBuilder(
      Path workDir, Map<String, String> extraEnv, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("TEMPORAL_"));
    env.put("TEMPORAL_CONFIG_FILE", "/nonexistent/skein-test/temporal.toml");
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("SKEIN_STORAGE")
                    || k.startsWith("SKEIN_S3_")
                    || k.equals("SKEIN_INLINE_OUTPUT_LIMIT")
                    || k.startsWith("SKEIN_ENCRYPTION_KEY")
                    || k.equals("SKEIN_DECRYPTION_KEYS")
                    || k.equals("SKEIN_CODEC_TOKEN"));
    env.put("SKEIN_CONFIG_FILE", "/nonexistent/skein-test/skein.toml");
    env.put("XDG_DATA_HOME", dataHome().toString());
    env.put("NO_COLOR", "1");
    env.putAll(extraEnv);
    return pb;
  }

  /** Starts a long-running command (worker, dev-server) with its output in files. */
  public static Process start(
      Path workDir, Path out, Path err, Map<String, String> extraEnv, String... args)
      throws IOException {
    ProcessBuilder pb = processBuilder(workDir, extraEnv, command(args));
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    return pb.start();
  }

  /**
   * The command and environment {@link #start} uses, for a test that runs it another way (under a
   * pseudo-terminal, for instance).
   */
  public static ProcessBuilder builder(Path workDir, Map<String, String> extraEnv, String... args)
      throws IOException {
    return processBuilder(workDir, extraEnv, command(args));
  }
}
