package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skein.testing.SharedService;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code temporal workflow start --type AgentPipeline --task-queue skein --input-file
 * run.json} and {@code temporal workflow query --name progress} do: an untyped start whose single
 * argument is the raw JSON object (sent as a {@code json/plain} payload), and a query read back as
 * raw JSON.
 */
class TemporalCliCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

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
    WorkflowClient client = SharedService.get().workflowClient();
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
    WorkflowClient client = SharedService.get().workflowClient();
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

  private static Payload startInput(WorkflowClient client, String workflowId) {
    for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
        return e.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
      }
    }
    throw new AssertionError("no start event");
  }
}
