package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testing.Temporal;
import dev.skein.testkit.TemporalCli;
import dev.skein.testkit.Tier;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Temporal CLI on Skein runs, with the real {@code temporal} binary against each tier and the
 * shared in-process Skein worker: the queries with their arguments, what {@code describe} and
 * {@code metadata} show, listing by Skein's search attributes, terminate (and what {@code skein}
 * then says), and reset. Listing and reset need a real server; the in-memory one implements
 * neither.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class TemporalCliOperationsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  @Parameter Tier tier;

  @TempDir Path dir;

  private Temporal temporal;
  private String address;

  @BeforeEach
  void connect() {
    address = SharedService.get(tier).address();
    temporal = new Temporal(address);
  }

  @Test
  void progressIsLeanUnlessAskedForOutputsAndEventsComeInPages() throws Exception {
    String id = unique("queries");
    temporal.start(
        id,
        input(
            """
            name: queries
            steps:
              - {id: a, prompt: alpha}
              - {id: b, depends_on: [a], prompt: beta}
            """));
    awaitEnd(id);

    JsonNode lean = temporal.query(id, "progress");
    JsonNode full = temporal.query(id, "progress", "{\"outputs\": true}");
    JsonNode all = temporal.query(id, "events", "0");
    JsonNode firstTwo = temporal.query(id, "events", "0", "2");
    JsonNode afterTwo = temporal.query(id, "events", "2");

    assertThat(lean.path("status").asText()).isEqualTo("succeeded");
    assertThat(lean.path("steps").get(1).path("status").asText()).isEqualTo("succeeded");
    assertThat(lean.path("steps").get(0).path("output").isNull()).as(lean.toString()).isTrue();
    assertThat(full.path("steps").get(0).path("output").asText()).isEqualTo("alpha");
    assertThat(full.path("steps").get(1).path("output").asText()).isEqualTo("beta");
    assertThat(all.get(0).path("type").asText()).isEqualTo("run.started");
    assertThat(all.get(all.size() - 1).path("type").asText()).isEqualTo("run.completed");
    assertThat(firstTwo.size()).isEqualTo(2);
    assertThat(firstTwo.get(1).path("seq").asLong()).isEqualTo(2);
    assertThat(afterTwo.size()).isEqualTo(all.size() - 2);
    assertThat(afterTwo.get(0).path("seq").asLong()).isEqualTo(3);
  }

  /**
   * A run started by Skein carries a static summary and details (the pipeline, its description, its
   * steps); a run started by the Temporal CLI has none unless {@code --static-summary} is given,
   * since only the starter can set them. Both show the step table as current details, which the
   * workflow keeps up to date ({@code temporal workflow metadata}, the UI's "Current Details").
   */
  @Test
  void describeShowsTheSummaryAndMetadataTheStepTable() throws Exception {
    String bySkein = unique("described");
    try (SkeinClient client = SharedService.get(tier).connect()) {
      client
          .start(
              YAML.readTree(
                  """
                  name: described
                  description: Two echoes
                  steps:
                    - {id: a, prompt: a}
                    - {id: b, depends_on: [a], prompt: b}
                  """),
              Map.of(),
              StartOptions.defaults().withWorkflowId(bySkein))
          .result();
    }
    String byCli = unique("described");
    temporal.start(byCli, input("name: described\nsteps:\n  - {id: only, prompt: x}\n"));
    awaitEnd(byCli);

    JsonNode skeinRun =
        Temporal.json(temporal.ok("workflow", "describe", "-w", bySkein, "-o", "json"));
    JsonNode cliRun = Temporal.json(temporal.ok("workflow", "describe", "-w", byCli, "-o", "json"));
    TemporalCli.Result skeinDetails = temporal.ok("workflow", "metadata", "-w", bySkein);
    TemporalCli.Result cliDetails = temporal.ok("workflow", "metadata", "-w", byCli);

    JsonNode metadata = skeinRun.path("executionConfig").path("userMetadata");
    assertThat(metadata.path("summary").asText()).isEqualTo("described: Two echoes");
    assertThat(metadata.path("details").asText()).contains("**described**", "Steps: a, b");
    assertThat(cliRun.path("executionConfig").path("userMetadata").path("summary").asText())
        .isEmpty();
    assertThat(skeinDetails.out())
        .contains("**described** · succeeded", "| a | succeeded | 1 |", "| b | succeeded | 1 |");
    assertThat(cliDetails.out()).contains("**described** · succeeded", "| only | succeeded | 1 |");
  }

  /**
   * {@code temporal workflow list --query} on Skein's search attributes; the cancel that the README
   * shows ends a run {@code cancelled} there too.
   */
  @Test
  void listFindsRunsByPipelineAndStatus() throws Exception {
    String pipeline = unique("listed");
    String done = pipeline + "-done";
    String napping = pipeline + "-nap";
    temporal.start(done, input("name: " + pipeline + "\nsteps:\n  - {id: a, prompt: a}\n"));
    temporal.start(napping, input(napping(pipeline)));
    awaitEnd(done);
    awaitStepRunning(napping, "nap");
    temporal.ok("workflow", "cancel", "-w", napping);
    awaitEnd(napping);

    String byPipeline = "SkeinPipeline='" + pipeline + "'";
    String cancelled = byPipeline + " AND SkeinStatus='cancelled'";
    if (tier == Tier.IN_MEMORY) {
      TemporalCli.Result refused = temporal.run("workflow", "list", "--query", byPipeline);
      assertThat(refused.exit()).isNotZero();
      assertThat(refused.err()).contains("unimplemented");
      return;
    }
    eventually("both runs listed", () -> listed(byPipeline).size() == 2);
    eventually("the cancelled run listed as such", () -> listed(cancelled).size() == 1);
    assertThat(listed(cancelled).get(0).path("execution").path("workflowId").asText())
        .isEqualTo(napping);
    assertThat(listed(byPipeline + " AND SkeinStatus='succeeded'").get(0).path("status").asText())
        .isEqualTo("WORKFLOW_EXECUTION_STATUS_COMPLETED");
  }

  /**
   * A terminated run never ran its own end, and the Java SDK cannot replay it to answer queries:
   * {@code skein status} and {@code skein result} take the service's word and say it was
   * terminated, and why.
   */
  @Test
  void terminateEndsTheRunAndSkeinSaysItWasTerminated() throws Exception {
    String id = unique("stopped");
    temporal.start(id, input(napping("stopped")));
    awaitStepRunning(id, "nap");
    temporal.ok("workflow", "terminate", "-w", id, "--reason", "operator stop");

    Cli.Result status = Cli.run(dir, "status", "--address", address, id);
    Cli.Result json = Cli.run(dir, "status", "--address", address, "--json", id);
    Cli.Result result = Cli.run(dir, "result", "--address", address, id);

    assertThat(status.exit()).as(status.toString()).isZero();
    assertThat(status.out()).contains("stopped", "failed", "Terminated", "operator stop");
    JsonNode record = JSON.readTree(json.out());
    assertThat(record.path("status").asText()).isEqualTo("failed");
    assertThat(record.path("error").path("type").asText()).isEqualTo("Terminated");
    assertThat(record.path("completed_at").asText()).isNotEmpty();
    assertThat(result.exit()).as(result.toString()).isEqualTo(1);
    assertThat(result.out()).contains("operator stop", "run terminated in");
  }

  /**
   * What a reset does to a Skein run. Every agent here appends a line to its own file, so the files
   * count the times it ran. Reset to a later workflow task keeps the completions recorded before
   * that task (the first step does not run again) and runs everything that task and the following
   * ones started; reset to the first workflow task runs the whole pipeline again with the same
   * input. Each reset is a new run of the same workflow id, which {@code skein} follows.
   */
  @Test
  void resetKeepsWhatCameBeforeTheChosenTaskAndRerunsTheRest() throws Exception {
    if (tier == Tier.IN_MEMORY) {
      TemporalCli.Result refused =
          temporal.run(
              "workflow", "reset", "-w", "nothing", "--type", "FirstWorkflowTask", "--reason", "x");
      assertThat(refused.exit()).isNotZero();
      return;
    }
    String id = unique("reset");
    temporal.start(id, input(counting(id)));
    assertThat(awaitResult(id).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(counts()).containsExactly(1L, 1L, 1L);

    long afterFirst = workflowTaskAfterFirstCompletion(id);
    temporal.ok(
        "workflow",
        "reset",
        "-w",
        id,
        "--event-id",
        Long.toString(afterFirst),
        "--reason",
        "rerun from second");
    RunResult second = awaitResult(id);
    assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(counts()).containsExactly(1L, 2L, 2L);

    temporal.ok(
        "workflow", "reset", "-w", id, "--type", "FirstWorkflowTask", "--reason", "from scratch");
    RunResult third = awaitResult(id);
    assertThat(third.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(third.runId()).isNotEqualTo(second.runId());
    assertThat(counts()).containsExactly(2L, 3L, 3L);
    assertThat(third.steps().get(2).output()).isEqualTo("third");
    try (SkeinClient client = SharedService.get(tier).connect()) {
      eventually(
          "every run of the workflow id listed",
          () -> client.list(RunQuery.all().pipeline(id)).size() == 3);
      assertThat(client.list(RunQuery.all().pipeline(id)))
          .extracting(RunListing::workflowId)
          .containsOnly(id);
    }
  }

  // --- helpers

  /** Three steps in a row; each agent appends a line to {@code <dir>/<step>.log}. */
  private String counting(String name) {
    StringBuilder yaml =
        new StringBuilder("name: " + name + "\n")
            .append("agents:\n  mark:\n    kind: command\n    prompt_via: arg\n")
            .append("    command: [sh, -c, 'echo ran >> \"$0.log\"; printf %s \"${0##*/}\"']\n")
            .append("steps:\n");
    String previous = null;
    for (String step : List.of("first", "second", "third")) {
      yaml.append("  - {id: ")
          .append(step)
          .append(", agent: mark, prompt: '")
          .append(dir.resolve(step))
          .append("'")
          .append(previous == null ? "" : ", depends_on: [" + previous + "]")
          .append("}\n");
      previous = step;
    }
    return yaml.toString();
  }

  private List<Long> counts() throws Exception {
    List<Long> counts = new java.util.ArrayList<>();
    for (String step : List.of("first", "second", "third")) {
      Path log = dir.resolve(step + ".log");
      counts.add(Files.exists(log) ? Files.readAllLines(log).size() : 0L);
    }
    return counts;
  }

  /** The workflow task that handled the first step's completion (it started the second). */
  private long workflowTaskAfterFirstCompletion(String id) {
    List<HistoryEvent> events =
        SharedService.get(tier).workflowClient().fetchHistory(id).getEvents();
    boolean firstDone = false;
    for (HistoryEvent e : events) {
      firstDone |= e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED;
      if (firstDone && e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        return e.getEventId();
      }
    }
    throw new AssertionError("no workflow task after the first completion in " + events);
  }

  private static String napping(String name) {
    return "name: "
        + name
        + "\ndefaults: {heartbeat_timeout: 2s}\nsteps:\n"
        + "  - {id: nap, agent: sleep, with: {duration: 60s}}\n";
  }

  private List<JsonNode> listed(String query) {
    JsonNode runs = Temporal.json(temporal.ok("workflow", "list", "--query", query, "-o", "json"));
    List<JsonNode> all = new java.util.ArrayList<>();
    runs.forEach(all::add);
    return all;
  }

  /** {@code run.json} as the README makes it: the pipeline as JSON, no inputs. */
  private Path input(String pipelineYaml) throws Exception {
    ObjectNode run = JSON.createObjectNode();
    run.set("pipeline", YAML.readTree(pipelineYaml));
    run.putObject("inputs");
    Path file = Files.createTempFile(dir, "run", ".json");
    JSON.writeValue(file.toFile(), run);
    return file;
  }

  private void awaitEnd(String id) {
    try {
      SharedService.get(tier)
          .workflowClient()
          .newUntypedWorkflowStub(id)
          .getResultAsync(JsonNode.class)
          .handle((r, e) -> r)
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(id + " did not end within 60 s", e);
    }
  }

  private RunResult awaitResult(String id) {
    try (SkeinClient client = SharedService.get(tier).connect()) {
      return client.attach(id).resultAsync().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(id + " did not end within 60 s", e);
    }
  }

  private void awaitStepRunning(String id, String step) {
    try (SkeinClient client = SharedService.get(tier).connect()) {
      RunHandle run = client.attach(id);
      eventually(
          step + " running",
          () -> {
            try {
              return run.progress().steps().stream()
                  .anyMatch(s -> s.id().equals(step) && s.status() == StepStatus.RUNNING);
            } catch (RuntimeException notYet) {
              return false;
            }
          });
    }
  }

  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private String unique(String prefix) {
    return prefix + "-" + tier.name().toLowerCase().replace('_', '-') + "-" + System.nanoTime();
  }
}
