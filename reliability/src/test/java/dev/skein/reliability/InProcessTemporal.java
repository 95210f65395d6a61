package dev.skein.reliability;

import dev.skein.client.SkeinClient;
import dev.skein.dev.EmbeddedTemporal;
import dev.skein.testkit.SharedTemporalServer;
import dev.skein.testkit.Tier;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/**
 * A Skein worker in this JVM on a tier's service, for tests that need many runs rather than a
 * worker process to kill: the embedded service ({@code skein run}'s) in memory, or a worker on the
 * shared real server. Closing it stops the worker (and the embedded service).
 */
final class InProcessTemporal implements AutoCloseable {

  private final WorkflowClient client;
  private final String label;
  private final Runnable stop;

  private InProcessTemporal(WorkflowClient client, String label, Runnable stop) {
    this.client = client;
    this.label = label;
    this.stop = stop;
  }

  static InProcessTemporal start(Tier tier, WorkerSettings settings) {
    if (tier == Tier.IN_MEMORY) {
      EmbeddedTemporal embedded = EmbeddedTemporal.start(settings);
      return new InProcessTemporal(
          embedded.workflowClient(), EmbeddedTemporal.ADDRESS_LABEL, embedded::close);
    }
    String address = SharedTemporalServer.get().address();
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    WorkflowClient client = WorkflowClient.newInstance(service);
    SkeinWorker worker = new SkeinWorker(client, settings);
    worker.start();
    return new InProcessTemporal(
        client,
        address,
        () -> {
          worker.shutdownNow();
          service.shutdownNow();
        });
  }

  WorkflowClient workflowClient() {
    return client;
  }

  /** A client on this service; closing it leaves the service running. */
  SkeinClient skeinClient() {
    return SkeinClient.of(client, label);
  }

  @Override
  public void close() {
    stop.run();
  }
}
