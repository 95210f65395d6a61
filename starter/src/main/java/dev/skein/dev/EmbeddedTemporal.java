package dev.skein.dev;

import dev.skein.client.SkeinClient;
import dev.skein.codec.Encryption;
import dev.skein.codec.EncryptionKeys;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's in-memory service (from {@code temporal-testing}, in real time: no time skipping, and
 * with the {@link WorkflowTaskFence}) with a Skein worker, all in this process. What {@code skein
 * run} uses when no address is configured; everything is gone when it closes.
 */
public final class EmbeddedTemporal implements AutoCloseable {

  public static final String ADDRESS_LABEL = "the embedded Temporal service";

  private final InMemoryService server;
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final SkeinWorker worker;
  private final Duration startup;

  private EmbeddedTemporal(
      InMemoryService server,
      WorkflowServiceStubs service,
      WorkflowClient client,
      SkeinWorker worker,
      Duration startup) {
    this.server = server;
    this.service = service;
    this.client = client;
    this.worker = worker;
    this.startup = startup;
  }

  /**
   * Starts the service and a worker polling {@code settings.taskQueues()}; the client and the
   * worker use {@code settings.storage()} (the caller closes it after this).
   */
  public static EmbeddedTemporal start(WorkerSettings settings) {
    return start(settings, EncryptionKeys.none());
  }

  /** With payloads encrypted with {@code keys}, as a worker with those keys writes them. */
  public static EmbeddedTemporal start(WorkerSettings settings, EncryptionKeys keys) {
    long t0 = System.nanoTime();
    InMemoryService server = InMemoryService.inProcess();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setChannel(server.channel())
                .setTarget(null)
                .validateAndBuildWithDefaults());
    WorkflowClientOptions.Builder options =
        WorkflowClientOptions.newBuilder()
            .setNamespace("default")
            .setDataConverter(Encryption.dataConverter(keys));
    settings.storage().ifPresent(s -> options.setExternalStorage(s.externalStorage()));
    WorkflowClient client = WorkflowClient.newInstance(service, options.build());
    SkeinWorker worker = SkeinWorker.inProcessWith(client, settings);
    worker.start();
    return new EmbeddedTemporal(
        server, service, client, worker, Duration.ofNanos(System.nanoTime() - t0));
  }

  public WorkflowClient workflowClient() {
    return client;
  }

  /** A client on this service; closing it leaves the service running. */
  public SkeinClient skeinClient() {
    // The in-memory service cannot say who polls a queue; its only worker is this one.
    return SkeinClient.of(client, ADDRESS_LABEL, worker.settings().storage())
        .servedBy(java.util.Set.copyOf(worker.settings().taskQueues()));
  }

  /** How long {@link #start} took. */
  public Duration startup() {
    return startup;
  }

  /** Stops the worker (cancelling what still runs), then the service. */
  @Override
  public void close() {
    // Nothing outlives this process, so there is nothing to drain for.
    worker.shutdownNow();
    service.shutdownNow();
    service.awaitTermination(2, TimeUnit.SECONDS);
    server.close();
  }
}
