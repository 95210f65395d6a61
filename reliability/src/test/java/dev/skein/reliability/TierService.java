package dev.skein.reliability;

import dev.skein.testkit.Ports;
import dev.skein.testkit.SharedTemporalServer;
import dev.skein.testkit.TemporalServer;
import dev.skein.testkit.Tier;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Temporal service the reliability tests of one {@link Tier} share, one per tier for every test
 * class of this module (each takes seconds to start on two cores): a {@code skein dev-server} JVM
 * in memory, or this JVM's shared {@code temporal server start-dev}. Each test class uses its own
 * task queue, so the workers one class kills never serve another class's runs.
 */
final class TierService {

  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
  private static final Map<Tier, TierService> services = new EnumMap<>(Tier.class);

  private final Tier tier;
  private final String address;
  private final Supplier<String> log;
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;

  private TierService(Tier tier, String address, Supplier<String> log) {
    this.tier = tier;
    this.address = address;
    this.log = log;
    this.service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    this.client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    Runtime.getRuntime().addShutdownHook(new Thread(service::shutdownNow));
  }

  static synchronized TierService of(Tier tier) {
    return services.computeIfAbsent(
        tier, t -> t == Tier.IN_MEMORY ? startDevServer() : onRealServer());
  }

  Tier tier() {
    return tier;
  }

  /** {@code 127.0.0.1:port}, as the CLI's {@code --address} takes it. */
  String address() {
    return address;
  }

  /** A client in this JVM on the shared service, namespace {@code default}. */
  WorkflowClient client() {
    return client;
  }

  /** What the service process printed so far. */
  String serverLog() {
    return log.get();
  }

  /**
   * Starts {@code skein worker} polling {@code queue} on the shared service. {@code extraArgs} are
   * added to the command line (for example {@code --shutdown-grace 5s}); the log file is named
   * after the tier and {@code name}.
   */
  ChildJvm startWorker(String name, String queue, Map<String, String> env, String... extraArgs) {
    return startWorker(tier, address, name, queue, env, extraArgs);
  }

  /** {@code skein worker} on any address, for tests that run a server of their own. */
  static ChildJvm startWorker(
      Tier tier,
      String address,
      String name,
      String queue,
      Map<String, String> env,
      String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("worker", "--address", address));
    args.addAll(List.of("--task-queue", queue));
    args.addAll(List.of(extraArgs));
    return ChildJvm.skein(logName(tier, name), env, args.toArray(String[]::new));
  }

  static String logName(Tier tier, String name) {
    return tier.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + name;
  }

  private static TierService onRealServer() {
    TemporalServer server = SharedTemporalServer.get();
    return new TierService(Tier.REAL_SERVER, server.address(), server::logText);
  }

  private static TierService startDevServer() {
    int port = Ports.free();
    long t0 = System.nanoTime();
    ChildJvm process =
        ChildJvm.skein("dev-server", Map.of(), "dev-server", "--port", Integer.toString(port));
    Runtime.getRuntime().addShutdownHook(new Thread(process::close));
    String address = "127.0.0.1:" + port;
    WorkflowServiceStubs probe =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      Poll.until(
          "the dev server on " + address,
          STARTUP_LIMIT,
          () -> process.isAlive() && answers(probe),
          process::logText);
    } catch (AssertionError e) {
      process.close();
      throw e;
    } finally {
      probe.shutdownNow();
    }
    System.out.printf(
        "[reliability] dev server on %s ready in %d ms%n",
        address, Duration.ofNanos(System.nanoTime() - t0).toMillis());
    return new TierService(Tier.IN_MEMORY, address, process::logText);
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
}
