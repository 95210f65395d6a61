package dev.skein.clients;

import dev.skein.client.SkeinClient;
import dev.skein.storage.Storage;
import dev.skein.storage.StorageSettings;
import dev.skein.testkit.SharedTemporalServer;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Skein worker in this JVM polling queue {@code skein} of a real Temporal server, as {@code skein
 * worker --storage-dir DIR} would: outputs over 16 KiB go to an fs store in a fresh directory,
 * which the clients in other languages are pointed at to read them back.
 */
final class RealServerWorker implements AutoCloseable {

  static final String TASK_QUEUE = "skein";

  private static RealServerWorker shared;

  private final String address;
  private final Path storeDirectory;
  private final WorkflowServiceStubs service;
  private final Storage storage;
  private final WorkflowClient client;
  private final SkeinWorker worker;

  private RealServerWorker(String address) {
    this.address = address;
    try {
      this.storeDirectory = Files.createTempDirectory("skein-clients-store-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The developer's SKEIN_* variables and skein.toml must not choose the store.
    Map<String, String> env =
        Map.of(
            "HOME", storeDirectory.toString(),
            "SKEIN_CONFIG_FILE", storeDirectory.resolve("absent.toml").toString());
    this.storage = StorageSettings.builder().dir(storeDirectory).build().resolve(env).open().get();
    this.service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    this.client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setExternalStorage(storage.externalStorage())
                .build());
    this.worker =
        new SkeinWorker(
            client,
            WorkerSettings.defaults()
                .withTaskQueues(List.of(TASK_QUEUE))
                .withShutdownGrace(Duration.ZERO)
                .withStorage(Optional.of(storage)));
    worker.start();
  }

  /** A worker on {@code address}; the caller closes it. */
  static RealServerWorker start(String address) {
    return new RealServerWorker(address);
  }

  /** The worker on this JVM's shared real server, stopped when the JVM exits. */
  static synchronized RealServerWorker shared() {
    if (shared == null) {
      RealServerWorker started = start(SharedTemporalServer.get().address());
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "clients-worker-stop"));
      shared = started;
    }
    return shared;
  }

  String address() {
    return address;
  }

  /** What {@code --storage-dir} names for the clients. */
  Path storeDirectory() {
    return storeDirectory;
  }

  WorkflowClient workflowClient() {
    return client;
  }

  /** Skein's Java client on the same connection and store; closing it leaves both open. */
  SkeinClient skeinClient() {
    return SkeinClient.of(client, address, Optional.of(storage));
  }

  @Override
  public void close() {
    worker.shutdownNow();
    service.shutdownNow();
    storage.close();
  }
}
