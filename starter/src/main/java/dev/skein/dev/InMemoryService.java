package dev.skein.dev;

import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.InProcessGRPCServer;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's in-memory service (from {@code temporal-testing}), in real time, with the {@link
 * WorkflowTaskFence} in front of it: in this process for embedded runs, or on a TCP port for {@code
 * skein dev-server}. Built from the same parts as the SDK's own {@code TestServer}, which offers no
 * way to add an interceptor.
 */
final class InMemoryService implements AutoCloseable {

  /** The real server's limit on one gRPC message. */
  private static final int MAX_MESSAGE = 4 * 1024 * 1024;

  private final TestServicesStarter services;
  private final InProcessGRPCServer inProcess;
  private final Server portBound;

  private InMemoryService(
      TestServicesStarter services, InProcessGRPCServer inProcess, Server portBound) {
    this.services = services;
    this.inProcess = inProcess;
    this.portBound = portBound;
  }

  /** A service reached through {@link #channel()} only. */
  static InMemoryService inProcess() {
    // true = time skipping locked: timers and timeouts run on the wall clock, as on a real server
    TestServicesStarter services = new TestServicesStarter(true, 0L);
    WorkflowTaskFence fence = new WorkflowTaskFence(services.getWorkflowService());
    List<BindableService> fenced =
        services.getServices().stream()
            .map(s -> (BindableService) () -> ServerInterceptors.intercept(s, fence))
            .toList();
    return new InMemoryService(services, new InProcessGRPCServer(fenced), null);
  }

  /**
   * A service on {@code port} of every interface.
   *
   * @throws IOException when the port cannot be bound
   */
  static InMemoryService onPort(int port) throws IOException {
    TestServicesStarter services = new TestServicesStarter(true, 0L);
    ServerBuilder<?> builder =
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(
        services.getServices(),
        builder,
        List.of(
            new WorkflowTaskFence(services.getWorkflowService()),
            new InProcessGRPCServer.MessageSizeChecker(MAX_MESSAGE)));
    try {
      return new InMemoryService(services, null, builder.build().start());
    } catch (IOException | RuntimeException e) {
      services.close();
      throw e;
    }
  }

  /** The in-process channel; null for a service on a port. */
  ManagedChannel channel() {
    return inProcess == null ? null : inProcess.getChannel();
  }

  @Override
  public void close() {
    try {
      if (inProcess != null) {
        inProcess.shutdown();
        inProcess.awaitTermination(5, TimeUnit.SECONDS);
      }
      if (portBound != null) {
        portBound.shutdown();
        if (!portBound.awaitTermination(5, TimeUnit.SECONDS)) {
          portBound.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      services.close();
    }
  }
}
