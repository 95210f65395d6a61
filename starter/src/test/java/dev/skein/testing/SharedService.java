package dev.skein.testing;

import dev.skein.client.ConnectionSettings;
import dev.skein.client.SkeinClient;
import dev.skein.dev.DevServer;
import dev.skein.storage.StorageKind;
import dev.skein.storage.StorageSettings;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.List;

/**
 * One dev server on a free port with one in-process Skein worker (queue {@code skein}), shared by
 * the test classes of this JVM: starting a service per test would dominate the suite's time.
 */
public final class SharedService {

  private static SharedService instance;

  private final DevServer server;
  private final WorkflowServiceStubs service;
  private final WorkerHandle worker;

  private record WorkerHandle(SkeinWorker worker) {}

  private SharedService() {
    server = DevServer.start(Ports.free());
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
    WorkflowClient client = WorkflowClient.newInstance(service);
    SkeinWorker w =
        new SkeinWorker(
            client,
            WorkerSettings.defaults()
                .withTaskQueues(List.of("skein"))
                .withShutdownGrace(Duration.ZERO));
    w.start();
    worker = new WorkerHandle(w);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.worker().shutdownNow();
                  service.shutdownNow();
                  server.close();
                }));
  }

  public static synchronized SharedService get() {
    if (instance == null) {
      instance = new SharedService();
    }
    return instance;
  }

  public String address() {
    return server.address();
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
}
