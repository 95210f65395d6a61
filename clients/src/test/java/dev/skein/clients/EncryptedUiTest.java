package dev.skein.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.ConnectionSettings;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.codec.CodecServer;
import dev.skein.codec.Encryption;
import dev.skein.codec.EncryptionCodec;
import dev.skein.codec.EncryptionKeys;
import dev.skein.codec.EncryptionSettings;
import dev.skein.run.RunStatus;
import dev.skein.storage.StorageKind;
import dev.skein.storage.StorageSettings;
import dev.skein.testkit.Ports;
import dev.skein.testkit.TemporalServer;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal Web UI of the real dev server, started with {@code --ui-codec-endpoint} pointing at
 * Skein's codec server, shows an encrypted run's input and result in the clear: headless Chromium
 * opens the run's page, the page calls the codec server (CORS, from the UI's origin) and shows the
 * decrypted text, which history itself holds only as ciphertext.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EncryptedUiTest {

  private static final String MARKER = "MARKER-c0dec-customer-secret";

  @TempDir Path dir;

  @Test
  void theWebUiDecodesThroughTheCodecServer() throws Exception {
    Path chromium = Tools.chromium();
    String node = Tools.node();
    Tools.npmPackages("clients/browser");
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    Path key = Files.writeString(dir.resolve("key"), Base64.getEncoder().encodeToString(bytes));
    EncryptionKeys keys = EncryptionSettings.keyFile(key).resolve(Map.of());
    int codecPort = Ports.free();
    String endpoint = "http://127.0.0.1:" + codecPort;

    try (TemporalServer server =
            TemporalServer.builder()
                .name("ui-codec")
                .withUi()
                .flags("--ui-codec-endpoint", endpoint)
                .start();
        CodecServer codec =
            CodecServer.start(
                new InetSocketAddress("127.0.0.1", codecPort),
                new EncryptionCodec(keys),
                server.uiUrl(),
                Optional.empty())) {
      WorkflowServiceStubs service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
      SkeinWorker worker =
          new SkeinWorker(
              WorkflowClient.newInstance(
                  service,
                  WorkflowClientOptions.newBuilder()
                      .setDataConverter(Encryption.dataConverter(keys))
                      .build()),
              WorkerSettings.defaults()
                  .withTaskQueues(List.of("skein"))
                  .withShutdownGrace(Duration.ZERO));
      worker.start();
      try (SkeinClient skein =
          SkeinClient.connect(
              ConnectionSettings.builder()
                  .address(server.address())
                  .storage(StorageSettings.builder().type(StorageKind.NONE).build())
                  .encryption(EncryptionSettings.keyFile(key))
                  .build())) {
        RunHandle run =
            skein.start(
                new ObjectMapper(new YAMLFactory())
                    .readTree(
                        "name: sealed\ninputs: {topic: x}\n"
                            + "steps:\n  - {id: say, prompt: \"{{ inputs.topic }}\"}\n"),
                Map.of("topic", TextNode.valueOf(MARKER)),
                StartOptions.defaults().withWorkflowId("sealed-1"));
        assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);

        Subprocess.Result page =
            Subprocess.of(
                    node,
                    Repository.path("clients/browser/check-decoded-page.mjs").toString(),
                    "--ui",
                    server.uiUrl().orElseThrow(),
                    "--workflow-id",
                    run.workflowId(),
                    "--run-id",
                    run.runId().orElseThrow(),
                    "--expect",
                    MARKER,
                    "--chromium",
                    chromium.toString())
                .timeout(Duration.ofMinutes(2))
                .run();

        assertThat(page.exit()).as(page.toString()).isZero();
        JsonNode shown = new ObjectMapper().readTree(page.out());
        assertThat(shown.path("codecCalls").toString()).as(page.out()).contains("POST");
        assertThat(shown.path("found").asBoolean()).as(page.out()).isTrue();
      } finally {
        worker.shutdownNow();
        service.shutdownNow();
      }
    }
  }
}
