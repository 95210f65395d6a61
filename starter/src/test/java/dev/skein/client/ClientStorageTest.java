package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skein.dev.DevServer;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.storage.Storage;
import dev.skein.storage.StorageException;
import dev.skein.storage.StorageKind;
import dev.skein.storage.StorageSettings;
import dev.skein.testkit.Ports;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client and a worker built from the same storage settings share large payloads through the
 * store, and history keeps references; a client with another store, or none, cannot read them.
 */
@Timeout(90)
class ClientStorageTest {

  private static final String QUEUE = "stored";

  @TempDir static Path dir;
  private static DevServer server;
  private static WorkflowServiceStubs service;
  private static Storage workerStorage;
  private static SkeinWorker worker;

  private static Map<String, String> env() {
    return Map.of(
        "HOME", dir.toString(),
        "SKEIN_CONFIG_FILE", dir.resolve("absent.toml").toString(),
        "TEMPORAL_CONFIG_FILE", dir.resolve("absent-temporal.toml").toString());
  }

  private static StorageSettings shared(Path payloads) {
    return StorageSettings.builder().dir(payloads).threshold("4KiB").build();
  }

  @BeforeAll
  static void serviceAndWorker() {
    server = DevServer.start(Ports.free());
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
    workerStorage = shared(dir.resolve("payloads")).resolve(env()).open().orElseThrow();
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setExternalStorage(workerStorage.externalStorage())
                .build());
    worker =
        new SkeinWorker(
            client,
            WorkerSettings.defaults()
                .withTaskQueues(List.of(QUEUE))
                .withShutdownGrace(Duration.ZERO)
                .withStorage(Optional.of(workerStorage)));
    worker.start();
  }

  @AfterAll
  static void stop() {
    worker.shutdownNow();
    service.shutdownNow();
    server.close();
    workerStorage.close();
  }

  private static SkeinClient connect(StorageSettings storage) {
    return SkeinClient.connect(
        ConnectionSettings.builder()
            .address(server.address())
            .storage(storage)
            .build()
            .resolve(env()));
  }

  @Test
  void largeInputsAndOutputsLeaveHistoryAndComeBackWhole() throws Exception {
    String text = "large input ".repeat(10_000);
    String id;
    try (SkeinClient client = connect(shared(dir.resolve("payloads")))) {
      assertThat(client.storage().orElseThrow().description())
          .isEqualTo("fs:" + dir.resolve("payloads"));
      RunHandle run =
          client.start(
              new YAMLMapper()
                  .readTree(
                      """
                      name: big
                      inputs: {text: ""}
                      defaults: {task_queue: stored}
                      steps:
                        - id: copy
                          prompt: "{{ inputs.text }}"
                      """),
              Map.of("text", TextNode.valueOf(text)),
              StartOptions.defaults().withTaskQueue(QUEUE));
      id = run.workflowId();
      RunResult result = run.result();

      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(result.steps().get(0).output()).isEqualTo(text);
      History history = client.workflowClient().fetchHistory(id).getHistory();
      Payload input =
          history
              .getEvents(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getInput()
              .getPayloads(0);
      assertThat(input.getExternalPayloadsCount()).isEqualTo(1);
      // the text went through the input, the agent's request, its result and the run's result
      assertThat(history.getSerializedSize()).isLessThan(text.length());
    }
    try (var files = Files.list(dir.resolve("payloads/default/" + id))) {
      assertThat(files.count()).isGreaterThanOrEqualTo(2);
    }

    try (SkeinClient elsewhere = connect(shared(dir.resolve("elsewhere")))) {
      assertThat(catchThrowable(() -> elsewhere.attach(id).result()))
          .isInstanceOf(StorageException.class)
          .message()
          .contains("not there")
          .contains("fs:" + dir.resolve("elsewhere"))
          .contains("default/" + id + "/");
    }
    try (SkeinClient none = connect(StorageSettings.builder().type(StorageKind.NONE).build())) {
      assertThat(none.storage()).isEmpty();
      assertThat(catchThrowable(() -> none.attach(id).result()))
          .isInstanceOf(SkeinException.class)
          .hasMessageContaining("in external storage, but this client has none");
      // The lean progress form holds no outputs: it needs no store.
      assertThat(none.attach(id).progress().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }
}
