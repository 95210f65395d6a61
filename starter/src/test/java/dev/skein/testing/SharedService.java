package dev.skein.testing;

import dev.skein.client.ConnectionSettings;
import dev.skein.client.SkeinClient;
import dev.skein.dev.DevServer;
import dev.skein.storage.StorageKind;
import dev.skein.storage.StorageSettings;
import dev.skein.testkit.Ports;
import dev.skein.testkit.SharedTemporalServer;
import dev.skein.testkit.Tier;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One Temporal service per {@link Tier} with one in-process Skein worker (queue {@code skein}),
 * shared by the test classes of this JVM: starting a service per test would dominate the suite's
 * time. In memory it is a dev server on a free port; on the real tier, this JVM's shared {@code
 * temporal server start-dev}. The worker is a plain {@link SkeinWorker}, so it decides about sticky
 * queues from the server it finds, as a deployed one does.
 */
public final class SharedService {

  private static final Map<Tier, SharedService> instances = new EnumMap<>(Tier.class);

  private final Tier tier;
  private final String address;
  private final WorkflowServiceStubs service;

  private SharedService(Tier tier) {
    this.tier = tier;
    AutoCloseable server;
    if (tier == Tier.IN_MEMORY) {
      DevServer dev = DevServer.start(Ports.free());
      address = dev.address();
      server = dev;
    } else {
      address = SharedTemporalServer.get().address();
      server = () -> {}; // the testkit stops it
    }
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    SkeinWorker worker =
        new SkeinWorker(
            WorkflowClient.newInstance(service),
            WorkerSettings.defaults()
                .withTaskQueues(List.of("skein"))
                .withShutdownGrace(Duration.ZERO));
    worker.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.shutdownNow();
                  service.shutdownNow();
                  try {
                    server.close();
                  } catch (Exception ignored) {
                    // the JVM is going away
                  }
                }));
  }

  public static synchronized SharedService get(Tier tier) {
    return instances.computeIfAbsent(tier, SharedService::new);
  }

  public Tier tier() {
    return tier;
  }

  public String address() {
    return address;
  }

  public WorkflowClient workflowClient() {
    return WorkflowClient.newInstance(service);
  }

  /** A client without storage, like the shared worker: the developer's settings do not apply. */
  public SkeinClient connect() {
    return SkeinClient.connect(
        ConnectionSettings.builder()
            .address(address())
            .storage(StorageSettings.builder().type(StorageKind.NONE).build())
            .build());
  }

  /**
   * What {@code skein run} needs to run on {@code tier}: nothing in memory (the command embeds its
   * own service and worker, as the README's first command does), {@code --address} of the shared
   * real server otherwise, where this class's worker polls queue {@code skein}.
   */
  public static List<String> runTarget(Tier tier) {
    return tier == Tier.IN_MEMORY ? List.of() : List.of("--address", get(tier).address());
  }
}
