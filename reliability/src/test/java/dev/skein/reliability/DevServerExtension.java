package dev.skein.reliability;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code skein dev-server} JVM for every test class of this module (it takes seconds to start
 * on two cores), stopped when the whole run ends. Each test class uses its own task queue, so the
 * workers one class kills never serve another class's runs.
 */
final class DevServerExtension implements BeforeAllCallback {

  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

  private Server server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
  }

  /** {@code 127.0.0.1:port}, as the CLI's {@code --address} takes it. */
  String address() {
    return server.address;
  }

  /** A client in this JVM on the shared service, namespace {@code default}. */
  WorkflowClient client() {
    return server.client;
  }

  /** What the dev-server process printed so far. */
  String serverLog() {
    return server.process.logText();
  }

  /**
   * Starts {@code skein worker} polling {@code queue} on the shared service. {@code extraArgs} are
   * added to the command line (for example {@code --shutdown-grace 5s}).
   */
  ChildJvm startWorker(String name, String queue, Map<String, String> env, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("worker", "--address", address()));
    args.addAll(List.of("--task-queue", queue));
    args.addAll(List.of(extraArgs));
    return ChildJvm.skein(name, env, args.toArray(String[]::new));
  }

  /** The dev-server process and a client on it; closed by JUnit at the end of the run. */
  static final class Server implements AutoCloseable {
    private final ChildJvm process;
    private final String address;
    private final WorkflowServiceStubs service;
    private final WorkflowClient client;

    private Server(ChildJvm process, String address, WorkflowServiceStubs service) {
      this.process = process;
      this.address = address;
      this.service = service;
      this.client =
          WorkflowClient.newInstance(
              service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    }

    static Server start() {
      int port = freePort();
      long t0 = System.nanoTime();
      ChildJvm process =
          ChildJvm.skein("dev-server", Map.of(), "dev-server", "--port", Integer.toString(port));
      Runtime.getRuntime().addShutdownHook(new Thread(process::close));
      String address = "127.0.0.1:" + port;
      WorkflowServiceStubs service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
      try {
        Poll.until(
            "the dev server on " + address,
            STARTUP_LIMIT,
            () -> process.isAlive() && answers(service),
            process::logText);
      } catch (AssertionError e) {
        service.shutdownNow();
        process.close();
        throw e;
      }
      System.out.printf(
          "[reliability] dev server on %s ready in %d ms%n",
          address, Duration.ofNanos(System.nanoTime() - t0).toMillis());
      return new Server(process, address, service);
    }

    private static boolean answers(WorkflowServiceStubs service) {
      try {
        service
            .blockingStub()
            .withDeadlineAfter(1, TimeUnit.SECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        return true;
      } catch (RuntimeException notYet) {
        return false;
      }
    }

    @Override
    public void close() {
      service.shutdownNow();
      process.close();
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
