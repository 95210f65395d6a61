package dev.skein.clients;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A program a test runs as a user would, in its own process: no standard input, none of the
 * machine's {@code TEMPORAL_*} settings, its output collected and each line of standard output also
 * handed to a listener as it comes, so a test can act while the program runs.
 */
final class Subprocess {

  /** A finished program. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private final List<String> command;
  private Path directory = Repository.root();
  private final Map<String, String> env = new LinkedHashMap<>();
  private Duration timeout = Duration.ofMinutes(2);
  private Consumer<String> onLine = line -> {};
  private final List<RuntimeException> listenerFailures = new ArrayList<>();

  private Subprocess(List<String> command) {
    this.command = List.copyOf(command);
  }

  static Subprocess of(List<String> command) {
    return new Subprocess(command);
  }

  static Subprocess of(String... command) {
    return of(List.of(command));
  }

  Subprocess directory(Path dir) {
    this.directory = dir;
    return this;
  }

  Subprocess env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Subprocess timeout(Duration limit) {
    this.timeout = limit;
    return this;
  }

  /** Called with each line of standard output, on a reader thread, as the program prints it. */
  Subprocess onLine(Consumer<String> listener) {
    this.onLine = listener;
    return this;
  }

  /**
   * Runs the program to its end.
   *
   * @throws IllegalStateException when it runs longer than the timeout (it is killed), with what it
   *     printed so far
   */
  Result run() {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("TEMPORAL_"));
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    Thread outReader = reader(process.getInputStream(), out, this::offer);
    Thread errReader = reader(process.getErrorStream(), err, line -> {});
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        outReader.join(5_000);
        errReader.join(5_000);
        throw new IllegalStateException(
            String.join(" ", command)
                + " did not end within "
                + timeout
                + "\n"
                + new Result(-1, text(out), text(err)));
      }
      outReader.join();
      errReader.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
    Result result = new Result(process.exitValue(), text(out), text(err));
    synchronized (listenerFailures) {
      if (!listenerFailures.isEmpty()) {
        IllegalStateException failure =
            new IllegalStateException("a line listener failed; the program printed:\n" + result);
        listenerFailures.forEach(failure::addSuppressed);
        throw failure;
      }
    }
    return result;
  }

  /** A listener that throws must not stop the reader: the program would block on a full pipe. */
  private void offer(String line) {
    try {
      onLine.accept(line);
    } catch (RuntimeException e) {
      synchronized (listenerFailures) {
        listenerFailures.add(e);
      }
    }
  }

  private static String text(StringBuilder buffer) {
    synchronized (buffer) {
      return buffer.toString();
    }
  }

  private static Thread reader(InputStream stream, StringBuilder sink, Consumer<String> listener) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  synchronized (sink) {
                    sink.append(line).append('\n');
                  }
                  listener.accept(line);
                }
              } catch (IOException ignored) {
                // the process is gone; what it printed is kept
              }
            },
            "subprocess-reader");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public String toString() {
    return String.join(" ", command);
  }
}
