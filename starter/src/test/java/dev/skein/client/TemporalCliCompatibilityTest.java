package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skein.testing.SharedService;
import dev.skein.testkit.TemporalCli;
import dev.skein.testkit.Tier;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@code temporal workflow start --type AgentPipeline --task-queue skein --input-file
 * run.json} and {@code temporal workflow query --name progress} do: an untyped start whose single
 * argument is the raw JSON object (sent as a {@code json/plain} payload), and a query read back as
 * raw JSON — and the README's commands themselves, through the real Temporal CLI, on each tier.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class TemporalCliCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  private static final Duration CLI_LIMIT = Duration.ofSeconds(60);

  @Parameter Tier tier;

  @Test
  void aRawJsonPayloadRunsAndProgressReadsBackAsRawJson() throws Exception {
    JsonNode pipeline =
        new YAMLMapper()
            .readTree(
                """
                name: raw
                inputs: {who: nobody}
                steps:
                  - id: first
                    prompt: "from {{ inputs.who }}"
                  - id: second
                    prompt: "{{ steps.first.output }} again"
                """);
    // The file a user passes to --input-file: {"pipeline": {...}, "inputs": {...}}
    JsonNode runJson =
        JSON.readTree(
            "{\"pipeline\": "
                + JSON.writeValueAsString(pipeline)
                + ", \"inputs\": {\"who\": \"cli\"}}");
    WorkflowClient client = SharedService.get(tier).workflowClient();
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "AgentPipeline",
            WorkflowOptions.newBuilder()
                .setTaskQueue("skein")
                .setWorkflowId("raw-" + System.nanoTime())
                .build());

    stub.start(runJson);
    JsonNode result = stub.getResult(JsonNode.class);
    JsonNode progress = stub.query("progress", JsonNode.class);
    // As `temporal workflow query --name progress --input '{"outputs": true}'` asks it.
    JsonNode withOutputs =
        stub.query("progress", JsonNode.class, JSON.readTree("{\"outputs\": true}"));

    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(result.path("steps").get(1).path("output").asText()).isEqualTo("from cli again");
    // Lean by default: statuses and times, no outputs.
    assertThat(progress.path("steps").get(1).has("output")).isTrue();
    assertThat(progress.path("steps").get(1).path("output").isNull()).isTrue();
    assertThat(progress.path("status").asText()).isEqualTo("succeeded");
    assertThat(progress.path("workflow_id").asText())
        .isEqualTo(stub.getExecution().getWorkflowId());
    assertThat(withOutputs.path("steps").get(1).path("output").asText())
        .isEqualTo("from cli again");
    assertThat(progress.path("steps").get(0).has("launched_at")).isTrue();

    Payload input = startInput(client, stub.getExecution().getWorkflowId());
    assertThat(input.getMetadataMap().get("encoding").toStringUtf8()).isEqualTo("json/plain");
    assertThat(JSON.readTree(input.getData().toString(StandardCharsets.UTF_8))).isEqualTo(runJson);
  }

  @Test
  void eventsAnswerAnAfterSequenceNumberGivenAsJson() throws Exception {
    WorkflowClient client = SharedService.get(tier).workflowClient();
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "AgentPipeline",
            WorkflowOptions.newBuilder()
                .setTaskQueue("skein")
                .setWorkflowId("raw-events-" + System.nanoTime())
                .build());
    stub.start(
        Map.of(
            "pipeline",
            Map.of(
                "name",
                "raw-events",
                "steps",
                java.util.List.of(Map.of("id", "only", "prompt", "x"))),
            "inputs",
            Map.of()));
    stub.getResult(JsonNode.class);

    JsonNode all = stub.query("events", JsonNode.class, 0);
    JsonNode afterFirst = stub.query("events", JsonNode.class, 1);

    assertThat(all.isArray()).isTrue();
    assertThat(all.get(0).path("type").asText()).isEqualTo("run.started");
    assertThat(all.get(0).path("seq").asLong()).isEqualTo(1);
    assertThat(afterFirst.size()).isEqualTo(all.size() - 1);
  }

  /**
   * The README's section on the Temporal CLI, command for command: {@code run.json} wraps {@code
   * examples/json/hello.json} as its {@code jq} line does; start, query progress and events, and
   * cancel a second run.
   */
  @Test
  void theReadmesTemporalCliCommandsStartQueryAndCancelARun(@TempDir Path dir) throws Exception {
    String address = SharedService.get(tier).address();
    ObjectNode run = JSON.createObjectNode();
    run.set("pipeline", JSON.readTree(EXAMPLES.resolve("json/hello.json").toFile()));
    run.putObject("inputs").put("who", "temporal");
    Path runJson = dir.resolve("run.json");
    JSON.writeValue(runJson.toFile(), run);
    String id = "hello-cli-" + System.nanoTime();

    TemporalCli.Result started =
        temporal(
            address,
            "workflow",
            "start",
            "--type",
            "AgentPipeline",
            "--task-queue",
            "skein",
            "--workflow-id",
            id,
            "--input-file",
            runJson.toString());
    assertThat(started.exit()).as(started.toString()).isZero();
    WorkflowStub stub = SharedService.get(tier).workflowClient().newUntypedWorkflowStub(id);
    JsonNode result = stub.getResult(JsonNode.class);
    TemporalCli.Result progress =
        temporal(
            address, "workflow", "query", "--workflow-id", id, "--name", "progress", "-o", "json");
    TemporalCli.Result events =
        temporal(
            address,
            "workflow",
            "query",
            "--workflow-id",
            id,
            "--name",
            "events",
            "--input",
            "0",
            "-o",
            "json");

    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(result.path("steps").get(0).path("output").asText())
        .startsWith("Hello, temporal! This is run " + id);
    assertThat(progress.exit()).as(progress.toString()).isZero();
    assertThat(queryResult(progress).path("status").asText()).isEqualTo("succeeded");
    assertThat(events.exit()).as(events.toString()).isZero();
    JsonNode eventList = queryResult(events);
    assertThat(eventList.get(0).path("type").asText()).isEqualTo("run.started");
    assertThat(eventList.get(eventList.size() - 1).path("type").asText())
        .isEqualTo("run.completed");

    String napId = "nap-cli-" + System.nanoTime();
    Path napJson = dir.resolve("nap.json");
    Files.writeString(
        napJson,
        """
        {"pipeline": {"name": "nap", "steps": [
          {"id": "nap", "agent": "sleep", "with": {"duration": "60s"}}]}, "inputs": {}}
        """);
    temporal(
        address,
        "workflow",
        "start",
        "--type",
        "AgentPipeline",
        "--task-queue",
        "skein",
        "--workflow-id",
        napId,
        "--input-file",
        napJson.toString());
    TemporalCli.Result cancelled = temporal(address, "workflow", "cancel", "--workflow-id", napId);
    assertThat(cancelled.exit()).as(cancelled.toString()).isZero();
    WorkflowStub nap = SharedService.get(tier).workflowClient().newUntypedWorkflowStub(napId);
    assertThatThrownBy(() -> nap.getResult(JsonNode.class))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(nap.describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
  }

  private static TemporalCli.Result temporal(String address, String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--address";
    all[args.length + 1] = address;
    return TemporalCli.run(CLI_LIMIT, all);
  }

  /** The query's answer in {@code temporal workflow query -o json} output. */
  private static JsonNode queryResult(TemporalCli.Result query) throws Exception {
    JsonNode printed = JSON.readTree(query.out());
    JsonNode answer = printed.path("queryResult");
    return answer.isArray() && answer.size() == 1 ? answer.get(0) : answer;
  }

  private static Payload startInput(WorkflowClient client, String workflowId) {
    for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
        return e.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
      }
    }
    throw new AssertionError("no start event");
  }
}
