package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.client.RunNotFoundException;
import dev.skein.client.SkeinClient;
import dev.skein.storage.Storage;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testkit.SharedTemporalServer;
import dev.skein.testkit.Tier;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits only the real server enforces: at most 2 MB per payload. Without storage Skein meets them
 * with a clear answer, not a stack trace or a lost run; with storage (the default) inputs and
 * results of any size go through, the CLI reading the workers' store.
 */
class RealServerLimitsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int OVER_TWO_MEGABYTES = 2_500_000;
  private static final String QUEUE = "limits";

  @TempDir static Path store;
  private static WorkflowServiceStubs stubs;
  private static SkeinWorker worker;

  @TempDir Path dir;

  /** A worker whose store the CLI shares with {@code --storage-dir}. */
  @BeforeAll
  static void workerWithStorage() {
    Storage storage = Storage.fileSystem(store);
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(SharedTemporalServer.get().address())
                .build());
    worker =
        new SkeinWorker(
            WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                    .setExternalStorage(storage.externalStorage())
                    .build()),
            WorkerSettings.defaults()
                .withTaskQueues(List.of(QUEUE))
                .withShutdownGrace(Duration.ZERO)
                .withStorage(Optional.of(storage)));
    worker.start();
  }

  @AfterAll
  static void stopWorker() {
    worker.shutdownNow();
    stubs.shutdownNow();
  }

  private String address() {
    return SharedTemporalServer.get().address();
  }

  @Test
  void withoutStorageInputsOverThePayloadLimitExitTwoWithOneSentenceAndStartNothing()
      throws Exception {
    SharedService service = SharedService.get(Tier.REAL_SERVER);
    Files.writeString(
        dir.resolve("echo.yaml"),
        "name: echo\ninputs: {blob: \"\"}\nsteps:\n  - {id: s1, prompt: \"{{ inputs.blob }}\"}\n");
    JSON.writeValue(
        dir.resolve("big.json").toFile(), Map.of("blob", "x".repeat(OVER_TWO_MEGABYTES)));

    Cli.Result r =
        Cli.run(
            dir,
            "run",
            "--address",
            service.address(),
            "--storage",
            "none",
            "--id",
            "too-big-input",
            "--inputs",
            "big.json",
            "echo.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip())
        .as(r.toString())
        .contains("refused to start the run")
        .contains("2 MB")
        .doesNotContain("\n")
        .doesNotContain("Exception");
    try (SkeinClient client = service.connect()) {
      assertThatThrownBy(() -> client.attach("too-big-input").isRunning())
          .isInstanceOf(RunNotFoundException.class);
    }
  }

  @Test
  void withStorageAnInputOverThePayloadLimitRuns() throws Exception {
    Files.writeString(
        dir.resolve("echo.yaml"),
        "name: echo\ninputs: {blob: \"\"}\ndefaults: {task_queue: limits}\n"
            + "steps:\n  - {id: s1, prompt: \"{{ inputs.blob }}\"}\n");
    JSON.writeValue(
        dir.resolve("big.json").toFile(), Map.of("blob", "x".repeat(OVER_TWO_MEGABYTES)));

    Cli.Result r =
        Cli.run(
            dir,
            "run",
            "--address",
            address(),
            "--storage-dir",
            store.toString(),
            "-q",
            QUEUE,
            "--json",
            "--inputs",
            "big.json",
            "echo.yaml");

    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.path("steps").get(0).path("output").asText())
        .isEqualTo("x".repeat(OVER_TWO_MEGABYTES));
  }

  /**
   * Ten agents of 250 kB each, every one under the default {@code max_output}: 2.5 MB of outputs.
   * Kept inline they would make a result the real server refuses; stored once each, the run
   * succeeds and {@code --json} prints every output in full.
   */
  @Test
  void aRunWhoseOutputsTogetherExceedThePayloadLimitSucceeds() throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            """
            name: wide-outputs
            defaults: {max_concurrency: 5, task_queue: limits}
            agents:
              big: {kind: command, command: [sh, -c, 'head -c 250000 /dev/zero | tr "\\0" x']}
            steps:
            """);
    for (int i = 1; i <= 10; i++) {
      yaml.append("  - {id: s").append(i).append(", agent: big}\n");
    }
    Files.writeString(dir.resolve("wide.yaml"), yaml.toString());

    Cli.Result r =
        Cli.run(
            dir,
            "run",
            "--address",
            address(),
            "--storage-dir",
            store.toString(),
            "-q",
            QUEUE,
            "--id",
            "wide-outputs-1",
            "--json",
            "wide.yaml");
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    // Later, from another process: `skein result --json` reads every output back from the store.
    Cli.Result later =
        Cli.run(
            dir,
            "result",
            "--address",
            address(),
            "--storage-dir",
            store.toString(),
            "--json",
            "wide-outputs-1");

    assertThat(later.exit()).as(later.err()).isEqualTo(0);
    assertThat(JSON.readTree(later.out())).isEqualTo(JSON.readTree(r.out()));
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(result.path("steps")).hasSize(10);
    result
        .path("steps")
        .forEach(
            step -> {
              assertThat(step.path("status").asText()).isEqualTo("succeeded");
              assertThat(step.path("output").asText()).isEqualTo("x".repeat(250_000));
            });
  }
}
