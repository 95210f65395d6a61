package dev.skein.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.run.StepStatus;
import dev.skein.testkit.Ports;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The example clients in other languages ({@code clients/python}, {@code clients/typescript}) as
 * subprocesses against the real Temporal server and a Skein worker: they start runs from the
 * repository's pipeline files, print steps while the run goes on, and see what any SDK sees of a
 * run — stored outputs as references, fan-out counts, a failed or cancelled run's result in its
 * failure — with {@code skein run}'s exit codes.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ClientLanguage.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OtherLanguageClientsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STARTED = Pattern.compile("^started (\\S+) on ");

  @Parameter ClientLanguage language;

  private Subprocess client(List<String> args) {
    List<String> all = new ArrayList<>(List.of("--address", worker().address()));
    all.addAll(args);
    return Subprocess.of(language.command(all));
  }

  private static RealServerWorker worker() {
    return RealServerWorker.shared();
  }

  private static String workflowId(Subprocess.Result run) {
    Matcher started = STARTED.matcher(run.out().lines().findFirst().orElse(""));
    assertThat(started.find()).as(run.toString()).isTrue();
    return started.group(1);
  }

  private static List<String> stepLines(String text) {
    return text.lines().filter(l -> l.startsWith("step ")).toList();
  }

  @Test
  void followsARunStepByStepWhileItRunsAndPrintsItsResult() throws Exception {
    String who = language.name().toLowerCase(Locale.ROOT);
    CompletableFuture<String> id = new CompletableFuture<>();
    CompletableFuture<Boolean> runningWhenGreetPrinted = new CompletableFuture<>();
    try (SkeinClient skein = worker().skeinClient()) {
      Subprocess.Result run =
          client(List.of(Repository.path("examples/hello.yaml").toString(), "-i", "who=" + who))
              .onLine(
                  line -> {
                    Matcher started = STARTED.matcher(line);
                    if (started.find()) {
                      id.complete(started.group(1));
                    } else if (line.equals("step greet: succeeded")) {
                      // Printed live: the run (about six seconds) is still going on.
                      runningWhenGreetPrinted.complete(skein.attach(id.join()).isRunning());
                    }
                  })
              .run();

      assertThat(run.exit()).as(run.toString()).isZero();
      String wf = workflowId(run);
      assertThat(runningWhenGreetPrinted.getNow(false)).as(run.toString()).isTrue();
      // Every step once, the fan-out with its counts, in the order they finished.
      List<String> steps = stepLines(run.out());
      assertThat(steps)
          .hasSize(8)
          .contains(
              "step greet: succeeded",
              "step paint: succeeded (3 tasks: 3 succeeded)",
              "step gather: succeeded",
              "step done: succeeded")
          .startsWith("step greet: succeeded")
          .endsWith("step done: succeeded");
      assertThat(steps.indexOf("step quick: succeeded"))
          .isLessThan(steps.indexOf("step slow: succeeded"));
      assertThat(run.out())
          .contains("run " + wf + ": succeeded")
          .contains("greet [succeeded] output: ")
          .contains("Hello, " + who + "! This is run " + wf + " of hello.")
          .contains("paint [succeeded] fan-out, 3 tasks: 3 succeeded")
          .contains("task 2 [succeeded] output: ")
          .contains("Painting blue (task 2)");
      WorkflowStub stub = worker().workflowClient().newUntypedWorkflowStub(wf);
      assertThat(stub.describe().getStaticSummary())
          .isEqualTo("hello (started from " + language.label() + ")");
      assertThat(stub.getResult(JsonNode.class).path("status").asText()).isEqualTo("succeeded");
    }
  }

  /**
   * A failed run ends with an ApplicationFailure whose details are the run result: the client's
   * {@code --json} prints exactly the details Java's SDK reads from the same failure.
   */
  @Test
  void aFailedRunPrintsTheResultItsFailureCarries() throws Exception {
    Subprocess.Result run =
        client(List.of(Repository.path("examples/fails.yaml").toString(), "--json")).run();

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(stepLines(run.err()))
        .contains(
            "step setup: succeeded",
            "step boom: failed: Step 'boom' (agent 'fail'): this step always fails (attempt 1)",
            "step long_task: cancelled (fail_fast)");
    JsonNode printed = JSON.readTree(run.out());
    String wf = printed.path("workflow_id").asText();
    WorkflowFailedException failure =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> worker().workflowClient().newUntypedWorkflowStub(wf).getResult(JsonNode.class));
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("PipelineFailed");
    assertThat(printed).isEqualTo(cause.getDetails().get(JsonNode.class));
    assertThat(printed.path("status").asText()).isEqualTo("failed");
    assertThat(printed.path("error").path("type").asText()).isEqualTo("PipelineFailed");

    Subprocess.Result text =
        client(List.of(Repository.path("examples/fails.yaml").toString())).run();
    assertThat(text.exit()).as(text.toString()).isEqualTo(1);
    assertThat(text.out())
        .contains("run " + workflowId(text) + ": failed")
        .contains("error (PipelineFailed): step 'boom' failed")
        .contains("setup [succeeded] output: ")
        .contains("boom [failed] Step 'boom' (agent 'fail'): this step always fails")
        .contains("long_task [cancelled] (fail_fast)");
  }

  /**
   * Outputs over the worker's inline limit (16 KiB) are stored outside history: the result holds a
   * reference with a preview, which the client says and prints; pointed at the workers' fs store,
   * it reads the whole output back.
   */
  @Test
  void largeOutputsComeAsReferencesThatTheStoreResolves(@TempDir Path dir) throws Exception {
    String word = "x".repeat(20_000);
    Path pipeline = dir.resolve("large.yaml");
    Files.writeString(
        pipeline,
        """
        name: large
        inputs: {colors: [red, green]}
        defaults: {agent: echo}
        steps:
          - id: big
            prompt: "%s"
          - id: fan
            for_each: "{{ inputs.colors }}"
            prompt: "{{ item }} {{ steps.big.output }}"
        """
            .formatted(word));

    Subprocess.Result run = client(List.of(pipeline.toString())).run();

    assertThat(run.exit()).as(run.toString()).isZero();
    String wf = workflowId(run);
    assertThat(stepLines(run.out()))
        .containsExactly("step big: succeeded", "step fan: succeeded (2 tasks: 2 succeeded)");
    assertThat(run.out())
        .contains(
            "big [succeeded] output stored outside history (skein-fs:default/" + wf + "/",
            "fan [succeeded] fan-out, 2 tasks: 2 succeeded",
            "task 1 [succeeded] output stored outside history (skein-fs:default/" + wf + "/")
        .containsPattern("bytes\\); preview: ['\"]x{80}\\.\\.\\. \\(\\d+ chars\\)['\"]")
        .containsPattern("preview: ['\"]green x{74}\\.\\.\\.");

    Subprocess.Result resolved =
        client(List.of(pipeline.toString(), "--storage-dir", worker().storeDirectory().toString()))
            .run();

    assertThat(resolved.exit()).as(resolved.toString()).isZero();
    assertThat(resolved.out())
        .containsPattern(
            "big \\[succeeded] output \\(read back from the store\\): ['\"]x{300}\\.\\.\\."
                + " \\(20000 chars\\)['\"]")
        .containsPattern(
            "task 1 \\[succeeded] output \\(read back from the store\\): ['\"]green x{294}"
                + "\\.\\.\\. \\(20006 chars\\)['\"]")
        .doesNotContain("cannot read it back");
  }

  /**
   * A cancelled run's end carries no details (the Java SDK drops the CanceledFailure's), so the
   * client reads the final result from the closed run's progress query.
   */
  @Test
  void aCancelledRunEndsCancelledWithItsResult(@TempDir Path dir) throws Exception {
    Path pipeline = dir.resolve("nap.yaml");
    Files.writeString(
        pipeline,
        """
        name: nap
        steps:
          - id: nap
            agent: sleep
            heartbeat_timeout: 5s
            with: {duration: 5m}
          - id: after
            depends_on: [nap]
            prompt: "never"
        """);
    try (SkeinClient skein = worker().skeinClient()) {
      Subprocess.Result run =
          client(List.of(pipeline.toString()))
              .onLine(
                  line -> {
                    Matcher started = STARTED.matcher(line);
                    if (started.find()) {
                      RunHandle handle = skein.attach(started.group(1));
                      Poll.until(
                          Duration.ofSeconds(30),
                          () -> handle.progress().steps().get(0).status() == StepStatus.RUNNING);
                      handle.cancel();
                    }
                  })
              .run();

      assertThat(run.exit()).as(run.toString()).isEqualTo(1);
      String wf = workflowId(run);
      assertThat(stepLines(run.out()))
          .as(run.toString())
          .contains("step nap: cancelled (cancelled)");
      assertThat(run.out())
          .as(run.toString())
          .contains("run " + wf + ": cancelled", "after [cancelled]");
    }
  }

  /**
   * What agents spent, and a retry: a priced agent's tokens and cost are printed per step and for
   * the run; once the cause of the failure is fixed, {@code --resume-from} retries the run, which
   * reuses the step that succeeded and says so; it spent nothing again, so it prints no spend.
   */
  @Test
  void printsUsageAndARetryReusesWhatSucceeded(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("fixed");
    Path pipeline = dir.resolve("spend.yaml");
    Files.writeString(
        pipeline,
        """
        name: spend
        inputs: {marker: "%s"}
        agents:
          priced:
            kind: command
            command: [sh, -c, 'cat >/dev/null; echo "{\\"in\\": 1200, \\"out\\": 300}"']
            usage: {extractor: json, input_tokens: in, output_tokens: out}
            price: {input_per_mtok: 3, output_per_mtok: 15}
          needs_marker:
            kind: command
            command: [sh, -c, 'cat >/dev/null; test -f "$MARKER" && echo fixed']
            env: {MARKER: "{{ inputs.marker }}"}
        steps:
          - {id: think, agent: priced, prompt: plan}
          - id: fix
            agent: needs_marker
            prompt: "go {{ steps.think.output }}"
            retry: {max_attempts: 1}
        """
            .formatted(marker));

    Subprocess.Result first = client(List.of(pipeline.toString())).run();

    assertThat(first.exit()).as(first.toString()).isEqualTo(1);
    String source = workflowId(first);
    assertThat(stepLines(first.out()))
        .as(first.toString())
        .contains("step think: succeeded [1.5k tokens, $0.0081]");
    assertThat(first.out()).contains("spent 1.5k tokens, $0.0081");

    Files.writeString(marker, "");
    Subprocess.Result retry = client(List.of(pipeline.toString(), "--resume-from", source)).run();

    assertThat(retry.exit()).as(retry.toString()).isZero();
    assertThat(stepLines(retry.out()))
        .as(retry.toString())
        .containsExactly(
            "step think: succeeded (reused from " + source + ")", "step fix: succeeded");
    assertThat(retry.out())
        .doesNotContain("spent")
        .contains("retry of " + source)
        .contains("think [succeeded] (reused from " + source + ") output: ");
  }

  @Test
  void aPipelineTheWorkflowRejectsIsBadInput() {
    Subprocess.Result run =
        client(
                List.of(
                    Repository.path("workflows/src/test/resources/bad-inputs/cycle-three.yaml")
                        .toString()))
            .run();

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.out())
        .contains("error (InvalidPipeline): step 'a': dependency cycle: a -> c -> b -> a");
  }

  @Test
  void aMissingFileStartsNothingAndAnUnreachableServiceIsExit3() {
    Subprocess.Result missing = client(List.of("/nonexistent/pipeline.yaml")).run();
    assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read /nonexistent/pipeline.yaml");
    assertThat(missing.out()).doesNotContain("started");

    String nowhere = "127.0.0.1:" + Ports.free();
    Subprocess.Result unreachable =
        Subprocess.of(
                language.command(
                    List.of(
                        "--address", nowhere, Repository.path("examples/hello.yaml").toString())))
            .run();
    assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(3);
    assertThat(unreachable.err()).contains("cannot reach Temporal at " + nowhere);
  }
}
