package dev.skein.testkit;

/**
 * One real Temporal server per test JVM, started on first use and killed when the JVM exits:
 * starting one per test class would cost more than the tests. Tests that share it keep apart by
 * task queue and workflow id; a test that kills or restarts the server starts its own {@link
 * TemporalServer} instead.
 */
public final class SharedTemporalServer {

  private static TemporalServer server;

  private SharedTemporalServer() {}

  public static synchronized TemporalServer get() {
    if (server == null) {
      long t0 = System.nanoTime();
      TemporalServer started = TemporalServer.builder().name("shared").start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "temporal-server-stop"));
      System.out.printf(
          "[testkit] %s ready in %d ms%n", started, (System.nanoTime() - t0) / 1_000_000);
      server = started;
    }
    return server;
  }
}
