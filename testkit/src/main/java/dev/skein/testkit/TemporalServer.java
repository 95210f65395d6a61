package dev.skein.testkit;

import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Temporal server — {@code temporal server start-dev} of the pinned CLI — as a child
 * process for tests: free ports (gRPC, HTTP, metrics and, when asked, the Web UI), a fresh SQLite
 * file in a temporary directory, its output kept in a log file under {@code
 * target/temporal-server}. It can be killed with SIGKILL and restarted on the same database file
 * and ports, as a crashed server comes back.
 *
 * <pre>{@code
 * try (TemporalServer server = TemporalServer.builder().name("crash").start()) {
 *   WorkflowServiceStubs stubs = ...target(server.address())...;
 *   server.kill();      // kill -9: nothing is flushed but what SQLite committed
 *   server.restart();   // same database, same ports; returns once it answers again
 * }
 * }</pre>
 */
public final class TemporalServer implements AutoCloseable {

  private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 3;

  private final Path cli;
  private final String name;
  private final Path directory;
  private final Path database;
  private final Path log;
  private final int grpcPort;
  private final int httpPort;
  private final int metricsPort;
  private final OptionalInt uiPort;
  private final List<String> namespaces;
  private final List<String> extraFlags;
  private final Duration startupLimit;
  private Process process;
  private int starts;

  private TemporalServer(Builder b, Path cli, List<Integer> ports) throws IOException {
    this.cli = cli;
    this.name = b.name;
    this.directory = Files.createTempDirectory("skein-temporal-" + b.name + "-");
    this.database = directory.resolve("temporal.sqlite");
    this.grpcPort = ports.get(0);
    this.httpPort = ports.get(1);
    this.metricsPort = ports.get(2);
    this.uiPort = b.ui ? OptionalInt.of(ports.get(3)) : OptionalInt.empty();
    this.namespaces = List.copyOf(b.namespaces);
    this.extraFlags = List.copyOf(b.flags);
    this.startupLimit = b.startupLimit;
    Files.createDirectories(b.logDirectory);
    this.log = b.logDirectory.resolve(b.name + "-" + grpcPort + ".log").toAbsolutePath();
    Files.deleteIfExists(log);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:port} of the frontend, as SDKs, the CLI and {@code --address} take it. */
  public String address() {
    return "127.0.0.1:" + grpcPort;
  }

  public int grpcPort() {
    return grpcPort;
  }

  /** The HTTP API ({@code /api/v1/...}). */
  public int httpPort() {
    return httpPort;
  }

  /** Prometheus {@code /metrics}. */
  public int metricsPort() {
    return metricsPort;
  }

  /** The Web UI's address, when the server was built {@link Builder#withUi() with one}. */
  public Optional<String> uiUrl() {
    return uiPort.isPresent()
        ? Optional.of("http://127.0.0.1:" + uiPort.getAsInt())
        : Optional.empty();
  }

  /** The SQLite file: what survives {@link #kill()}. */
  public Path databaseFile() {
    return database;
  }

  /** Everything every life of the server printed, each start headed by its command line. */
  public Path logFile() {
    return log;
  }

  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The server process's id (of its current life). */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(name + " was never started");
    }
    return process.pid();
  }

  /**
   * {@code kill -9}: the server gets no chance to flush or say goodbye, as in a machine crash. What
   * SQLite committed stays in {@link #databaseFile()}.
   */
  public synchronized void kill() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroyForcibly(); // SIGKILL on Linux and macOS
    try {
      if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " did not die within " + EXIT_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + name, e);
    }
  }

  /**
   * Starts the server again on the same database file and ports (killing it first if it still runs)
   * and returns how long it took to answer.
   */
  public synchronized Duration restart() {
    kill();
    return launch();
  }

  /** Kills the server and deletes its database; the log stays. */
  @Override
  public synchronized void close() {
    kill();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is not worth failing a test for
    }
  }

  @Override
  public String toString() {
    return name + " (temporal server start-dev on " + address() + ", log " + log + ")";
  }

  private Duration launch() {
    long t0 = System.nanoTime();
    List<String> command = command();
    try {
      starts++;
      Files.writeString(
          log,
          "==== start " + starts + ": " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // The machine's Temporal settings must not reconfigure the server.
      builder.environment().keySet().removeIf(k -> k.startsWith("TEMPORAL_"));
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cli, e);
    }
    awaitReady();
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(cli.toString());
    command.addAll(List.of("server", "start-dev", "--ip", "127.0.0.1"));
    command.addAll(List.of("--port", Integer.toString(grpcPort)));
    command.addAll(List.of("--http-port", Integer.toString(httpPort)));
    command.addAll(List.of("--metrics-port", Integer.toString(metricsPort)));
    command.addAll(List.of("--db-filename", database.toString()));
    if (uiPort.isPresent()) {
      command.addAll(List.of("--ui-port", Integer.toString(uiPort.getAsInt())));
      // Tests run offline: the UI must not reach out for its news feed.
      command.add("--ui-disable-news-fetch");
    } else {
      command.add("--headless");
    }
    namespaces.forEach(n -> command.addAll(List.of("--namespace", n)));
    command.addAll(extraFlags);
    return command;
  }

  /**
   * Waits until the frontend describes every namespace (the {@code default} one is created at
   * launch, so this is later than the port opening) and the UI, if any, accepts connections.
   */
  private void awaitReady() {
    long deadline = System.nanoTime() + startupLimit.toNanos();
    WorkflowServiceStubs stubs = null;
    try {
      while (true) {
        if (!process.isAlive()) {
          throw new StartFailure(
              name + " exited with " + process.exitValue() + " while starting:\n" + logText());
        }
        if (stubs == null && accepts(grpcPort)) {
          stubs =
              WorkflowServiceStubs.newServiceStubs(
                  WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
        }
        if (stubs != null && describesNamespaces(stubs) && (uiPort.isEmpty() || uiAccepts())) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new StartFailure(
              name + " did not answer within " + startupLimit + "; its log:\n" + logText());
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    } finally {
      if (stubs != null) {
        stubs.shutdownNow();
      }
    }
  }

  private boolean describesNamespaces(WorkflowServiceStubs stubs) {
    List<String> all = new ArrayList<>(namespaces);
    all.add(0, "default");
    try {
      for (String namespace : all) {
        stubs
            .blockingStub()
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .describeNamespace(
                DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      }
      return true;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private boolean uiAccepts() {
    return accepts(uiPort.getAsInt());
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The server did not come up; on a first start, maybe because a free port was taken since. */
  private static final class StartFailure extends IllegalStateException {
    StartFailure(String message) {
      super(message);
    }

    boolean portTaken() {
      return getMessage().contains("address already in use");
    }
  }

  /** What to start: {@code temporal server start-dev} with these settings. */
  public static final class Builder {
    private String name = "temporal";
    private boolean ui;
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> flags = new ArrayList<>();
    private Path logDirectory = Path.of("target", "temporal-server");
    private Duration startupLimit = Duration.ofSeconds(60);

    private Builder() {}

    /** Names the log file ({@code <name>-<port>.log}) and the temporary directory. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Serves the Web UI on a free port of its own (headless otherwise). */
    public Builder withUi() {
      this.ui = true;
      return this;
    }

    /** Another namespace, created at launch besides {@code default}. */
    public Builder namespace(String namespace) {
      namespaces.add(namespace);
      return this;
    }

    /** A custom search attribute; {@code type} is {@code Keyword}, {@code Int}, {@code Text}... */
    public Builder searchAttribute(String attribute, String type) {
      return flags("--search-attribute", attribute + "=" + type);
    }

    /** A dynamic config value; {@code jsonValue} is JSON ({@code 10}, {@code "text"}, ...). */
    public Builder dynamicConfig(String key, String jsonValue) {
      return flags("--dynamic-config-value", key + "=" + jsonValue);
    }

    /** {@code --log-level} of the server ({@code debug}, {@code info}, {@code warn}...). */
    public Builder logLevel(String level) {
      return flags("--log-level", level);
    }

    /** Any other flags of {@code temporal server start-dev}, appended as given. */
    public Builder flags(String... more) {
      flags.addAll(List.of(more));
      return this;
    }

    public Builder logDirectory(Path directory) {
      this.logDirectory = directory;
      return this;
    }

    public Builder startupLimit(Duration limit) {
      this.startupLimit = limit;
      return this;
    }

    /**
     * Starts the server and returns once it answers.
     *
     * @throws IllegalStateException when the CLI is not installed (naming the installer) or the
     *     server does not come up (with its log)
     */
    public TemporalServer start() {
      Path cli = TemporalCli.binary();
      for (int attempt = 1; ; attempt++) {
        TemporalServer server;
        try {
          server = new TemporalServer(this, cli, Ports.free(4));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        try {
          server.launch();
          return server;
        } catch (StartFailure e) {
          server.close();
          if (!e.portTaken() || attempt == START_ATTEMPTS) {
            throw e;
          }
        } catch (RuntimeException e) {
          server.close();
          throw e;
        }
      }
    }
  }
}
