package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.ConnectionSettings;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.codec.Encryption;
import dev.skein.codec.EncryptionSettings;
import dev.skein.run.RunStatus;
import dev.skein.storage.Storage;
import dev.skein.storage.StorageKind;
import dev.skein.storage.StorageSettings;
import dev.skein.testing.Cli;
import dev.skein.testing.LogFiles;
import dev.skein.testing.SharedService;
import dev.skein.testkit.Ports;
import dev.skein.testkit.TemporalCli;
import dev.skein.testkit.Tier;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With encryption on, history and the store hold ciphertext only: an SDK client without the codec
 * finds no prompt, output or input in the raw history, while {@code skein result} with the key
 * shows them, an older key works as decrypt-only, a missing or wrong key is one sentence and exit
 * 2, and {@code temporal workflow show --codec-endpoint} reads them through the codec server.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class EncryptedHistoryTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String INPUT = "INPUT-7f3a-customer-data";
  private static final String PROMPT = "PROMPT-91c2-proprietary-code";
  private static final String BIG = "OUTPUT-5d0e-agent-answer ";
  private static final String FAILURE = "FAILURE-a41b-quoted-stderr";

  /** One encrypted worker per tier, on its own queue beside the shared (plain) worker. */
  private record Env(String queue, Path dir, Path key, Path other, Path storeDir) {}

  private static final Map<Tier, Env> envs = new EnumMap<>(Tier.class);

  /** One finished run per tier, read by every test: each test only reads it. */
  private static final Map<Tier, String> runs = new EnumMap<>(Tier.class);

  @Parameter Tier tier;

  private Env env;

  @BeforeEach
  void worker() throws Exception {
    env = env(tier);
  }

  private static synchronized Env env(Tier tier) throws Exception {
    Env existing = envs.get(tier);
    if (existing != null) {
      return existing;
    }
    Path dir = Files.createTempDirectory("skein-encrypted");
    Path key = writeKey(dir.resolve("worker.key"));
    Path other = writeKey(dir.resolve("other.key"));
    Path storeDir = dir.resolve("store");
    String queue = "encrypted-" + UUID.randomUUID();
    Storage storage = Storage.fileSystem(storeDir);
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(SharedService.get(tier).address())
                .build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setDataConverter(
                    Encryption.dataConverter(EncryptionSettings.keyFile(key).resolve(Map.of())))
                .setExternalStorage(storage.externalStorage())
                .build());
    SkeinWorker worker =
        new SkeinWorker(
            client,
            WorkerSettings.defaults()
                .withTaskQueues(List.of(queue))
                .withShutdownGrace(Duration.ZERO)
                .withStorage(Optional.of(storage)));
    worker.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.shutdownNow();
                  service.shutdownNow();
                }));
    Env env = new Env(queue, dir, key, other, storeDir);
    envs.put(tier, env);
    return env;
  }

  private static Path writeKey(Path file) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
  }

  /** The tier's run, started and finished once through the Java client with the worker's key. */
  private String run() throws Exception {
    synchronized (runs) {
      String id = runs.get(tier);
      if (id == null) {
        id = startAndFinish();
        runs.put(tier, id);
      }
      return id;
    }
  }

  private String startAndFinish() throws Exception {
    String pipeline =
        """
        name: secret
        defaults: {task_queue: QUEUE}
        inputs: {topic: none}
        steps:
          - {id: small, prompt: "{{ inputs.topic }} PROMPT"}
          - {id: large, prompt: "{{ steps.small.output }} BIGTEXT", depends_on: [small]}
        """
            .replace("QUEUE", env.queue())
            .replace("PROMPT", PROMPT)
            .replace("BIGTEXT", BIG.repeat(800));
    try (SkeinClient client = connect()) {
      RunHandle run =
          client.start(
              YAML.readTree(pipeline),
              Map.of("topic", TextNode.valueOf(INPUT)),
              StartOptions.defaults().withTaskQueue(env.queue()));
      assertThat(run.result().status()).isEqualTo(RunStatus.SUCCEEDED);
      return run.workflowId();
    }
  }

  private SkeinClient connect() {
    return SkeinClient.connect(
        ConnectionSettings.builder()
            .address(SharedService.get(tier).address())
            .storage(StorageSettings.builder().type(StorageKind.FS).dir(env.storeDir()).build())
            .encryption(EncryptionSettings.keyFile(env.key()))
            .build());
  }

  private static String rawHistory(Tier tier, String id) {
    WorkflowServiceStubs plain =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(SharedService.get(tier).address())
                .build());
    try {
      byte[] history =
          plain
              .blockingStub()
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                      .build())
              .getHistory()
              .toByteArray();
      return new String(history, StandardCharsets.ISO_8859_1);
    } finally {
      plain.shutdownNow();
    }
  }

  private Cli.Result result(String id, String... keyFlags) {
    String[] head = {
      "result",
      id,
      "--address",
      SharedService.get(tier).address(),
      "--storage-dir",
      env.storeDir().toString()
    };
    String[] all = Stream.concat(Stream.of(head), Stream.of(keyFlags)).toArray(String[]::new);
    return Cli.run(env.dir(), all);
  }

  @Test
  void historyAndStoreHoldCiphertextAndTheKeyReadsItBack() throws Exception {
    String id = run();

    String raw = rawHistory(tier, id);
    assertThat(raw).contains("binary/encrypted").contains("encryption-key-id");
    assertThat(raw).doesNotContain(INPUT).doesNotContain(PROMPT).doesNotContain("OUTPUT-5d0e");
    List<Path> stored;
    try (Stream<Path> walk = Files.walk(env.storeDir())) {
      stored = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(stored).as("the large output left history").isNotEmpty();
    for (Path f : stored) {
      assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
          .doesNotContain("OUTPUT-5d0e")
          .doesNotContain(PROMPT);
    }

    Cli.Result shown = result(id, "--encryption-key-file", env.key().toString());
    assertThat(shown.exit()).as(shown.toString()).isEqualTo(0);
    assertThat(shown.out()).contains(INPUT).contains(PROMPT).contains("OUTPUT-5d0e");
  }

  /** An agent's failure message (it can quote stderr, and so the prompt) is encrypted too. */
  @Test
  void failureMessagesAreEncryptedAndTheClientReadsThem() throws Exception {
    String pipeline =
        """
        name: failing
        defaults: {task_queue: QUEUE}
        steps:
          - {id: boom, agent: fail, prompt: x, with: {message: FAILURE, retryable: false}}
        """
            .replace("QUEUE", env.queue())
            .replace("FAILURE", FAILURE);
    try (SkeinClient client = connect()) {
      RunHandle run =
          client.start(
              YAML.readTree(pipeline),
              Map.of(),
              StartOptions.defaults().withTaskQueue(env.queue()));
      var result = run.result();

      assertThat(result.status()).isEqualTo(RunStatus.FAILED);
      assertThat(result.toString()).contains(FAILURE);
      assertThat(rawHistory(tier, run.workflowId()))
          .contains("binary/encrypted")
          .doesNotContain(FAILURE);
    }
  }

  /**
   * Rotation and refusals: an older key given as decrypt-only reads what it encrypted; no key and
   * another key are each one sentence and exit 2. The key handling is the client's own, the same on
   * either tier, so one tier checks it (each check is a child JVM).
   */
  @Test
  void anOldKeyDecryptsAndAMissingOrWrongKeyIsOneSentenceAndExitTwo() throws Exception {
    Assumptions.assumeTrue(tier == Tier.IN_MEMORY, "the client's key handling, checked once");
    String id = run();

    Cli.Result rotated =
        result(
            id,
            "--encryption-key-file",
            env.other().toString(),
            "--decryption-key-file",
            env.key().toString());
    Cli.Result none = result(id);
    Cli.Result wrong = result(id, "--encryption-key-file", env.other().toString());

    assertThat(rotated.exit()).as(rotated.toString()).isEqualTo(0);
    assertThat(rotated.out()).contains(PROMPT);
    for (Cli.Result refused : List.of(none, wrong)) {
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
      assertThat(refused.out()).isEmpty();
      assertThat(refused.err().strip().lines()).as(refused.toString()).hasSize(1);
      assertThat(refused.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(none.err()).contains("has no encryption key").contains("SKEIN_ENCRYPTION_KEY");
    assertThat(wrong.err()).contains("not among this process's keys");
  }

  /** The payload data of a JSON history, decoded from base64 and put together. */
  static String payloadTexts(String historyJson) {
    StringBuilder all = new StringBuilder();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"data\":\\s*\"([A-Za-z0-9+/=]+)\"").matcher(historyJson);
    while (m.find()) {
      all.append(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.ISO_8859_1));
      all.append('\n');
    }
    return all.toString();
  }

  /**
   * {@code skein codec-server} as its own process, its key from {@code SKEIN_ENCRYPTION_KEY}: the
   * Temporal CLI shows the payloads decrypted through it with the token, and without the codec
   * endpoint shows ciphertext; a request without the token gets 401.
   */
  @Test
  void temporalWorkflowShowDecodesThroughTheCodecServer() throws Exception {
    String id = run();
    int port = Ports.free();
    String endpoint = "http://127.0.0.1:" + port;
    Path out = env.dir().resolve("codec-" + tier + ".out");
    Path err = env.dir().resolve("codec-" + tier + ".err");
    Process codec =
        Cli.start(
            env.dir(),
            out,
            err,
            Map.of("SKEIN_ENCRYPTION_KEY", Files.readString(env.key()).strip()),
            "codec-server",
            "--port",
            Integer.toString(port),
            "--token",
            "s3cret");
    try {
      LogFiles.awaitContains(out, "Codec server listening", Duration.ofSeconds(60));
      String address = SharedService.get(tier).address();

      TemporalCli.Result decoded =
          TemporalCli.run(
              Duration.ofSeconds(30),
              "workflow",
              "show",
              "--address",
              address,
              "-w",
              id,
              "--output",
              "json",
              "--codec-endpoint",
              endpoint,
              "--codec-auth",
              "Bearer s3cret");
      TemporalCli.Result without =
          TemporalCli.run(
              Duration.ofSeconds(30),
              "workflow",
              "show",
              "--address",
              address,
              "-w",
              id,
              "--output",
              "json");
      HttpResponse<String> anonymous =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint + "/decode"))
                      .POST(HttpRequest.BodyPublishers.ofString("{\"payloads\":[]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(decoded.exit()).as(decoded.toString()).isEqualTo(0);
      assertThat(payloadTexts(decoded.out())).contains(INPUT).contains(PROMPT);
      assertThat(without.exit()).as(without.toString()).isEqualTo(0);
      assertThat(payloadTexts(without.out())).doesNotContain(INPUT).doesNotContain(PROMPT);
      assertThat(anonymous.statusCode()).isEqualTo(401);
    } finally {
      codec.destroy();
      codec.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
