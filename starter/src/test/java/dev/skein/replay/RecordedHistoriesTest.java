package dev.skein.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.dev.EmbeddedTemporal;
import dev.skein.run.RunStatus;
import dev.skein.storage.Storage;
import dev.skein.worker.WorkerSettings;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.payload.storage.StorageDriverWorkflowInfo;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Determinism of the command shapes this release added (engine version 1), beside the first
 * release's histories in the workflows module: large fan-outs in child workflows (success and
 * fail-fast across children), a condition that reads a stored output through {@code LoadOutput},
 * and a run that continues as new. Histories were recorded once on the embedded service, gzipped; a
 * change that breaks their replay must go behind a new engine version.
 *
 * <p>Re-record (only after an intentional, versioned change) with {@code mvn -pl starter test
 * -Dtest=RecordedHistoriesTest -Dskein.recordHistories=true}.
 */
class RecordedHistoriesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path RESOURCES = Path.of("src/test/resources/histories/v1");

  /** Just over the in-workflow limit: children of 500, 500 and 1 task. */
  private static final int ITEMS = 1001;

  /** The stored output the load-output run reads; the test writes it to the store again. */
  static final String STORED = "s".repeat(20_000);

  static final String SHARDED =
      """
      name: sharded
      defaults: {max_concurrency: 6}
      steps:
        - {id: fan, for_each: "{{ inputs.items }}", prompt: "task {{ item }}"}
        - {id: after, prompt: "{{ steps.fan.output[1000] }}"}
      inputs: {items: []}
      """;

  static final String SHARDED_FAIL_FAST =
      """
      name: sharded-fail-fast
      defaults: {max_concurrency: 6, retry: {max_attempts: 1}}
      agents:
        maybe: {kind: command, command: [sh, -c, 'sleep 0.2; test "$0" -lt 1000', "{{ item }}"]}
      steps:
        - {id: fan, for_each: "{{ inputs.items }}", agent: maybe, prompt: x}
        - {id: never, depends_on: [fan], prompt: n}
      inputs: {items: []}
      """;

  static final String LOAD_OUTPUT =
      """
      name: load-output
      agents:
        big: {kind: command, command: [sh, -c, 'head -c 20000 /dev/zero | tr "\\\\000" s']}
      steps:
        - {id: plan, agent: big, prompt: x}
        - {id: gate, when: "steps.plan.output != ''", prompt: "{{ steps.plan.output }}!"}
        - {id: last, prompt: "{{ steps.gate.status }}"}
      """;

  private static String chain() {
    StringBuilder yaml = new StringBuilder("name: continued\nsteps:\n  - {id: s0, prompt: a}\n");
    for (int i = 1; i < 700; i++) {
      yaml.append("  - {id: s")
          .append(i)
          .append(", prompt: \"{{ steps.s")
          .append(i - 1)
          .append(".output }}\"}\n");
    }
    return yaml.toString();
  }

  @TempDir Path store;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sharded",
        "sharded-child",
        "sharded-fail-fast",
        "sharded-fail-fast-child",
        "load-output",
        "continued-1",
        "continued-2"
      })
  void recordedHistoryReplays(String name) throws Exception {
    Storage storage = Storage.fileSystem(store);
    storage
        .outputStore()
        .put(STORED, new StorageDriverWorkflowInfo("default", "replay-load-output", null, null));
    restoreStoredPayloads(store);
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setExternalStorage(storage.externalStorage())
                        .build())
                .build());
    try {
      HistoryFiles.replay(read(name), env);
    } finally {
      env.close();
    }
  }

  /**
   * The payloads the recorded runs stored (the state a run carried into its next execution): kept
   * beside the histories, gzipped, and put back into a store as the recording left it.
   */
  private static void restoreStoredPayloads(Path store) throws IOException {
    try (InputStream list =
        RecordedHistoriesTest.class.getResourceAsStream("/histories/v1/stored.txt")) {
      for (String key :
          new String(list.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n")) {
        try (InputStream in =
            new GZIPInputStream(
                RecordedHistoriesTest.class.getResourceAsStream(
                    "/histories/v1/stored/" + key.substring(key.lastIndexOf('/') + 1) + ".gz"))) {
          Path file = store.resolve(key);
          Files.createDirectories(file.getParent());
          Files.write(file, in.readAllBytes());
        }
      }
    }
  }

  private static void saveStoredPayloads(Path store) throws IOException {
    Path dir = RESOURCES.resolve("stored");
    Files.createDirectories(dir);
    List<String> keys = new ArrayList<>();
    try (var files = Files.walk(store.resolve("default/replay-continued"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        keys.add(store.relativize(file).toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
          out.write(Files.readAllBytes(file));
        }
        Files.write(dir.resolve(file.getFileName() + ".gz"), bytes.toByteArray());
      }
    }
    Files.writeString(RESOURCES.resolve("stored.txt"), String.join("\n", keys) + "\n");
  }

  private static String childId(String name) {
    return name.equals("sharded-child")
        ? "replay-sharded/fan/1000"
        : "replay-sharded-fail-fast/fan/0";
  }

  private static WorkflowExecutionHistory read(String name) throws IOException {
    try (InputStream in =
        new GZIPInputStream(
            RecordedHistoriesTest.class.getResourceAsStream(
                "/histories/v1/" + name + ".json.gz"))) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      // The recorded workflow id: the children's ids are made from it.
      String id =
          name.startsWith("continued")
              ? "replay-continued"
              : name.endsWith("-child") ? childId(name) : "replay-" + name;
      return WorkflowExecutionHistory.fromJson(json, id);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "skein.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    Files.createDirectories(RESOURCES);
    try (EmbeddedTemporal embedded =
        EmbeddedTemporal.start(
            WorkerSettings.defaults().withStorage(Optional.of(Storage.fileSystem(store))))) {
      SkeinClient client = embedded.skeinClient();
      record(client, "sharded", SHARDED, items(ITEMS, null), RunStatus.SUCCEEDED);
      save(client, "sharded-child", "replay-sharded/fan/1000");
      record(client, "sharded-fail-fast", SHARDED_FAIL_FAST, items(ITEMS, null), RunStatus.FAILED);
      save(client, "sharded-fail-fast-child", "replay-sharded-fail-fast/fan/0");
      record(client, "load-output", LOAD_OUTPUT, Map.of(), RunStatus.SUCCEEDED);
      String id = run(client, "continued", chain(), Map.of(), RunStatus.SUCCEEDED);
      List<String> runIds = runIds(client, id);
      assertThat(runIds).hasSizeGreaterThanOrEqualTo(2);
      write("continued-1", client.workflowClient().fetchHistory(id, runIds.get(0)));
      write("continued-2", client.workflowClient().fetchHistory(id, runIds.get(1)));
    }
    saveStoredPayloads(store);
  }

  private static Map<String, JsonNode> items(int n, String unused) {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < n; i++) {
      items.add(i);
    }
    return Map.of("items", items);
  }

  private static void record(
      SkeinClient client, String name, String yaml, Map<String, JsonNode> inputs, RunStatus want)
      throws Exception {
    String id = run(client, name, yaml, inputs, want);
    write(name, client.workflowClient().fetchHistory(id));
  }

  private static String run(
      SkeinClient client, String name, String yaml, Map<String, JsonNode> inputs, RunStatus want)
      throws Exception {
    RunHandle run =
        client.start(
            YAML.readTree(yaml), inputs, StartOptions.defaults().withWorkflowId("replay-" + name));
    assertThat(run.rawResult().status()).as(name).isEqualTo(want);
    return run.workflowId();
  }

  private static void save(SkeinClient client, String name, String workflowId) throws IOException {
    write(name, client.workflowClient().fetchHistory(workflowId));
  }

  private static List<String> runIds(SkeinClient client, String id) {
    List<String> ids = new ArrayList<>();
    String runId =
        client
            .workflowClient()
            .fetchHistory(id)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getFirstExecutionRunId();
    while (runId != null) {
      ids.add(runId);
      List<HistoryEvent> events = client.workflowClient().fetchHistory(id, runId).getEvents();
      HistoryEvent last = events.get(events.size() - 1);
      runId =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return ids;
  }

  private static void write(String name, WorkflowExecutionHistory history) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(history.toJson(false).getBytes(StandardCharsets.UTF_8));
    }
    Files.write(RESOURCES.resolve(name + ".json.gz"), bytes.toByteArray());
  }
}
