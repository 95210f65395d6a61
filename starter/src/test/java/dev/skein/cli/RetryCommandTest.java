package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.RetryOptions;
import dev.skein.client.RunHandle;
import dev.skein.client.RunNotFoundException;
import dev.skein.client.SkeinClient;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.PipelineInput;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testkit.TemporalCli;
import dev.skein.testkit.Tier;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code skein retry} as a process on each tier, against the shared service and its worker. The
 * agents are real commands that append their name to a file, so the tests count what ran again; a
 * marker file breaks a step until the test removes it, as a user fixes a cause.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class RetryCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Parameter Tier tier;

  @TempDir Path dir;

  /**
   * a → b → c, and side after a; every agent appends its step to calls.txt; b fails while the file
   * {@code broken} exists, and waits while {@code hold} does.
   */
  private Path chain() throws Exception {
    Path file = dir.resolve("chain.yaml");
    String calls = dir.resolve("calls.txt").toString();
    String broken = dir.resolve("broken").toString();
    String hold = dir.resolve("hold").toString();
    Files.writeString(
        file,
        """
        name: chain
        inputs: {topic: rivers, other: lakes}
        defaults: {agent: logged, retry: {max_attempts: 1}, timeout: 2m}
        agents:
          logged:
            kind: command
            command: [sh, -c, 'p=$(cat); echo "${p%%%% *}" >> CALLS; echo "done $p"']
          breakable:
            kind: command
            command: [sh, -c, 'echo b >> CALLS; while [ -e HOLD ]; do sleep 0.1; done; if [ -e BROKEN ]; then echo "b is broken" >&2; exit 3; fi; p=$(cat); echo "done $p"']
        steps:
          - {id: a, prompt: "a {{ inputs.topic }}"}
          - {id: b, agent: breakable, prompt: "b {{ steps.a.output }}"}
          - {id: c, prompt: "c {{ steps.b.output }}"}
          - {id: side, prompt: "side {{ steps.a.output }}"}
          - {id: other, prompt: "other {{ inputs.other }}"}
        """
            .replace("%%%%", "%%")
            .replace("CALLS", calls)
            .replace("HOLD", hold)
            .replace("BROKEN", broken));
    return file;
  }

  private Cli.Result skein(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--address", address()));
    all.addAll(List.of(args));
    return Cli.run(dir, Duration.ofSeconds(120), all.toArray(String[]::new));
  }

  private String address() {
    return SharedService.get(tier).address();
  }

  private List<String> calls() throws Exception {
    Path calls = dir.resolve("calls.txt");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  private long callsOf(String step) throws Exception {
    return calls().stream().filter(step::equals).count();
  }

  private static JsonNode step(JsonNode result, String id) {
    for (JsonNode s : result.path("steps")) {
      if (s.path("id").asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no step " + id + " in " + result);
  }

  /** Runs {@code file} to its end with {@code --json}; returns the result. */
  private JsonNode runToEnd(Path file, int expectedExit, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(file.toString(), "--json"));
    all.addAll(List.of(args));
    Cli.Result r = skein("run", all.toArray(String[]::new));
    assertThat(r.exit()).as(r.toString()).isEqualTo(expectedExit);
    return JSON.readTree(r.out());
  }

  @Test
  void aFixedStepRunsAgainWithItsDependentsAndNothingElse() throws Exception {
    Path file = chain();
    Files.writeString(dir.resolve("broken"), "");
    JsonNode first = runToEnd(file, 1);
    String source = first.path("workflow_id").asText();
    assertThat(step(first, "b").path("status").asText()).isEqualTo("failed");
    assertThat(calls()).containsExactlyInAnyOrder("a", "b", "side", "other");

    Files.delete(dir.resolve("broken"));
    Cli.Result r = skein("retry", source, "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode again = JSON.readTree(r.out());
    assertThat(again.path("status").asText()).isEqualTo("succeeded");
    assertThat(again.path("resumed_from").path("workflow_id").asText()).isEqualTo(source);
    assertThat(callsOf("a")).isEqualTo(1);
    assertThat(callsOf("side")).isEqualTo(1);
    assertThat(callsOf("other")).isEqualTo(1);
    assertThat(callsOf("b")).isEqualTo(2);
    assertThat(callsOf("c")).isEqualTo(1);
    for (String reused : List.of("a", "side", "other")) {
      assertThat(step(again, reused).path("reused_from").asText()).as(reused).isEqualTo(source);
      assertThat(step(again, reused).path("status").asText()).isEqualTo("succeeded");
    }
    assertThat(step(again, "a").path("output").asText().strip()).isEqualTo("done a rivers");
    assertThat(step(again, "b").has("reused_from")).isFalse();
    assertThat(step(again, "c").path("output").asText().strip())
        .isEqualTo("done c done b done a rivers");

    String retryId = again.path("workflow_id").asText();
    Cli.Result status = skein("status", retryId);
    assertThat(status.out()).containsPattern("(?m)^\\s+a\\s+reused\\s");
    assertThat(status.out()).containsPattern("(?m)^\\s+b\\s+succeeded\\s");

    if (tier == Tier.REAL_SERVER) {
      // Visibility catches up a moment after the start.
      eventually(
          "the retry listed", () -> skein("list", "--retry-of", source).out().contains(retryId));
    }
  }

  @Test
  void onlyTheFailedTasksOfAFanOutRunAgain() throws Exception {
    String calls = dir.resolve("calls.txt").toString();
    Path file = dir.resolve("fan.yaml");
    Files.writeString(
        file,
        """
        name: fan
        defaults: {agent: logged, retry: {max_attempts: 1}}
        agents:
          logged:
            kind: command
            command: [sh, -c, 'p=$(cat); echo "$p" >> CALLS; if [ -e "DIR/broken-$p" ]; then exit 4; fi; echo "done $p"']
        steps:
          - id: each
            for_each: "[0,1,2,3,4,5,6,7,8,9]"
            on_error: wait_for_all
            prompt: "{{ item }}"
          - {id: after, prompt: "after"}
        """
            .replace("CALLS", calls)
            .replace("DIR", dir.toString()));
    Files.writeString(dir.resolve("broken-3"), "");
    Files.writeString(dir.resolve("broken-7"), "");
    JsonNode first = runToEnd(file, 1);
    assertThat(calls()).hasSize(11);
    assertThat(step(first, "each").path("task_counts").path("failed").asInt()).isEqualTo(2);

    Files.delete(dir.resolve("broken-3"));
    Files.delete(dir.resolve("broken-7"));
    Cli.Result r = skein("retry", first.path("workflow_id").asText(), "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(calls().subList(11, calls().size())).containsExactlyInAnyOrder("3", "7");
    JsonNode each = step(JSON.readTree(r.out()), "each");
    assertThat(each.path("reused_tasks").asInt()).isEqualTo(8);
    List<Integer> reused = new ArrayList<>();
    for (JsonNode t : each.path("tasks")) {
      if (t.has("reused_from")) {
        reused.add(t.path("index").asInt());
      }
      assertThat(t.path("output").asText().strip()).isEqualTo("done " + t.path("index").asInt());
    }
    assertThat(reused).containsExactly(0, 1, 2, 4, 5, 6, 8, 9);
    assertThat(step(JSON.readTree(r.out()), "after").path("reused_from").asText())
        .isEqualTo(first.path("workflow_id").asText());
  }

  @Test
  void fromForcesASucceededStepAndItsDependents() throws Exception {
    JsonNode first = runToEnd(chain(), 0);

    Cli.Result r = skein("retry", first.path("workflow_id").asText(), "--from", "b", "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(callsOf("a")).isEqualTo(1);
    assertThat(callsOf("side")).isEqualTo(1);
    assertThat(callsOf("b")).isEqualTo(2);
    assertThat(callsOf("c")).isEqualTo(2);
  }

  @Test
  void aChangedInputRunsOnlyTheBranchThatReadsIt() throws Exception {
    JsonNode first = runToEnd(chain(), 0);

    Cli.Result r = skein("retry", first.path("workflow_id").asText(), "-i", "other=seas", "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(callsOf("other")).isEqualTo(2);
    for (String kept : List.of("a", "b", "c", "side")) {
      assertThat(callsOf(kept)).as(kept).isEqualTo(1);
    }
    assertThat(step(JSON.readTree(r.out()), "other").path("output").asText().strip())
        .isEqualTo("done other seas");
  }

  @Test
  void aCancelledRunIsRetriedFromWhereItStopped() throws Exception {
    Path file = chain();
    Files.writeString(dir.resolve("hold"), "");
    Cli.Result started = skein("start", file.toString());
    assertThat(started.exit()).as(started.toString()).isZero();
    String source = started.out().strip();
    eventually("b running", () -> callsOfQuietly("b") == 1);
    Cli.Result running = skein("retry", source);
    assertThat(running.exit()).as(running.toString()).isEqualTo(2);
    assertThat(running.err()).contains("is still running");
    assertThat(skein("cancel", source).exit()).isZero();
    try (SkeinClient client = SharedService.get(tier).connect()) {
      assertThat(client.attach(source).result().status()).isEqualTo(RunStatus.CANCELLED);
    }

    Files.delete(dir.resolve("hold"));
    Cli.Result r = skein("retry", source, "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(callsOf("a")).isEqualTo(1);
    assertThat(callsOf("b")).isEqualTo(2);
    assertThat(callsOf("c")).isEqualTo(1);
  }

  /**
   * A terminated run cannot answer queries: the retry reads its records from its history. A run
   * past the workflow timeout it was started with answers them as they stood.
   */
  @ParameterizedTest
  @ValueSource(strings = {"terminated", "timed-out"})
  void aRunTheServiceEndedIsRetriedFromWhatItRecorded(String how) throws Exception {
    Path file = chain();
    Files.writeString(dir.resolve("hold"), "");
    String source = "chain-" + how + "-" + System.nanoTime();
    WorkflowClient workflows = SharedService.get(tier).workflowClient();
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder().setTaskQueue("skein").setWorkflowId(source);
    if (how.equals("timed-out")) {
      options.setWorkflowExecutionTimeout(Duration.ofSeconds(8));
    }
    AgentPipeline stub = workflows.newWorkflowStub(AgentPipeline.class, options.build());
    WorkflowClient.start(
        stub::run, new PipelineInput(YAML.readTree(file.toFile()), Map.of(), null, null));
    eventually("b running", () -> callsOfQuietly("b") == 1 && callsOfQuietly("side") == 1);
    if (how.equals("terminated")) {
      workflows.newUntypedWorkflowStub(source).terminate("operator stop");
    }
    eventually(
        "the run closed",
        () ->
            workflows.newUntypedWorkflowStub(source).describe().getStatus()
                != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    Files.delete(dir.resolve("hold"));

    Cli.Result r = skein("retry", source, "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode again = JSON.readTree(r.out());
    assertThat(step(again, "a").path("reused_from").asText()).isEqualTo(source);
    assertThat(callsOf("a")).isEqualTo(1);
    assertThat(callsOf("b")).isEqualTo(2);
    assertThat(callsOf("c")).isEqualTo(1);
  }

  @Test
  void aRetryStartedFromTheTemporalCliReusesTheSame() throws Exception {
    Path file = chain();
    Files.writeString(dir.resolve("broken"), "");
    String source = runToEnd(file, 1).path("workflow_id").asText();
    Files.delete(dir.resolve("broken"));
    ObjectNode input = JSON.createObjectNode();
    input.set("pipeline", YAML.readTree(file.toFile()));
    input.putObject("inputs");
    input.putObject("resume_from").put("workflow_id", source);
    Path inputFile = dir.resolve("retry.json");
    JSON.writeValue(inputFile.toFile(), input);
    String id = "chain-cli-retry-" + System.nanoTime();

    TemporalCli.Result started =
        TemporalCli.run(
            Duration.ofSeconds(60),
            "workflow",
            "start",
            "--type",
            "AgentPipeline",
            "--task-queue",
            "skein",
            "--workflow-id",
            id,
            "--input-file",
            inputFile.toString(),
            "--address",
            address());
    assertThat(started.exit()).as(started.toString()).isZero();

    try (SkeinClient client = SharedService.get(tier).connect()) {
      RunResult result = client.attach(id).result();
      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(result.resumedFrom().workflowId()).isEqualTo(source);
      assertThat(stepOf(result, "a").reusedFrom()).isEqualTo(source);
      assertThat(stepOf(result, "b").reusedFrom()).isNull();
    }
    assertThat(callsOf("a")).isEqualTo(1);
    assertThat(callsOf("b")).isEqualTo(2);
  }

  @Test
  void theJavaClientRetriesWithAnEditedPipeline() throws Exception {
    Path file = chain();
    JsonNode first = runToEnd(file, 0);
    Files.writeString(
        file, Files.readString(file).replace("other {{ inputs.other }}", "other, edited"));
    try (SkeinClient client = SharedService.get(tier).connect()) {
      RunHandle handle =
          client.retry(
              first.path("workflow_id").asText(),
              RetryOptions.defaults()
                  .withPipeline(dev.skein.parse.PipelineDocument.read(file))
                  .withInputs(Map.of()));
      RunResult result = handle.result();
      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(stepOf(result, "other").output().strip()).isEqualTo("done other, edited");
    }
    // The edited prompt's first word, which the agent logs, is "other,".
    assertThat(callsOf("other")).isEqualTo(1);
    assertThat(callsOf("other,")).isEqualTo(1);
    assertThat(callsOf("a")).isEqualTo(1);
  }

  @Test
  void badRetriesSayWhyAndStartNothing() throws Exception {
    Path file = chain();
    String source = runToEnd(file, 0).path("workflow_id").asText();
    Path invalid = dir.resolve("invalid.yaml");
    Files.writeString(
        invalid, "name: chain\nsteps:\n  - {id: a, depends_on: [nowhere], prompt: a}\n");
    String never = "never-" + tier.name().toLowerCase() + "-" + System.nanoTime();

    Cli.Result missing = skein("retry", "no-such-run-" + System.nanoTime(), "--id", never);
    assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err()).contains("No run with workflow id 'no-such-run-");

    Cli.Result unknownStep = skein("retry", source, "--from", "nope", "--id", never);
    assertThat(unknownStep.exit()).as(unknownStep.toString()).isEqualTo(2);
    assertThat(unknownStep.err())
        .contains("--from names a step that pipeline chain does not have: nope");

    Cli.Result badFile = skein("retry", source, "--file", invalid.toString(), "--id", never);
    assertThat(badFile.exit()).as(badFile.toString()).isEqualTo(2);
    assertThat(badFile.err()).contains("nowhere");

    try (SkeinClient client = SharedService.get(tier).connect()) {
      assertThatThrownBy(() -> client.attach(never).isRunning())
          .isInstanceOf(RunNotFoundException.class);
    }
    assertThat(calls()).hasSize(5);
  }

  private long callsOfQuietly(String step) {
    try {
      return callsOf(step);
    } catch (Exception e) {
      return 0;
    }
  }

  private static StepRecord stepOf(RunResult result, String id) {
    return result.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
