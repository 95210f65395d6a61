package dev.skein.dev;

/**
 * Temporal's in-memory service listening on a TCP port, so separate workers, starters, the Temporal
 * CLI and SDKs in other languages can share it. Real time (no time skipping), a real server's 4 MB
 * message limit and its ordering of events during a workflow task ({@link WorkflowTaskFence});
 * nothing is persisted.
 */
public final class DevServer implements AutoCloseable {

  private final InMemoryService server;
  private final int port;

  private DevServer(InMemoryService server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Listens on {@code port} on every interface.
   *
   * @throws IllegalStateException when the port cannot be bound
   */
  public static DevServer start(int port) {
    try {
      return new DevServer(InMemoryService.onPort(port), port);
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Cannot listen on port " + port + " (" + rootMessage(e) + ").", e);
    }
  }

  public int port() {
    return port;
  }

  public String address() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    server.close();
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage();
  }
}
