package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.DecisionRefusedException;
import dev.skein.client.RunHandle;
import dev.skein.client.RunQuery;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.Decision;
import dev.skein.engine.PipelineInput;
import dev.skein.model.Defaults;
import dev.skein.run.ProgressQuery;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testkit.TemporalCli;
import dev.skein.testkit.Tier;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code skein approve}, {@code reject} and {@code resume-step} from another process, the Temporal
 * CLI deciding through the same {@code decide} update, and the validator's refusals (exit 2, no
 * update in history), on both tiers.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class HumanCommandsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Parameter Tier tier;

  @TempDir Path dir;

  private static final String GATES =
      """
      name: gates
      mode: dataflow
      steps:
        - {id: review, prompt: 'the diff'}
        - id: ship
          approval: {prompt: "Merge {{ steps.review.output }}?"}
          depends_on: [review]
        - id: announce
          approval: {prompt: "Announce?", on_reject: skip}
        - {id: mail, prompt: "mail", depends_on: [announce]}
        - id: lazy
          approval: {prompt: "Anyone?", timeout: 2s, on_timeout: approve}
        - {id: side, agent: sleep, with: {duration: 1s}}
        - {id: done, prompt: "{{ steps.ship.output.decision }} by {{ steps.ship.output.by }}"}
      """;

  @Test
  void approveAndRejectFromTheCommandLineWhileTheRestRuns() throws Exception {
    String id = "gates-" + UUID.randomUUID();
    CompletableFuture<RunResult> result = start(id, GATES);
    awaitStep(id, "ship", s -> s.waiting() != null);

    // Refusals through the Java client (each CLI call is a new JVM; one below shows exit 2).
    RunHandle handle = SharedService.get(tier).connect().attach(id);
    String status = StatusTable.render(handle.progress(), java.time.Instant.now());
    assertThat(status)
        .containsPattern("ship +waiting")
        .containsPattern("  ship waiting [0-9.hms]+ for approve\\|reject: Merge the diff\\?");
    if (tier == Tier.REAL_SERVER) {
      // SkeinStatus = 'waiting' while a gate waits; visibility catches up within moments.
      awaitListed(id, true);
    }
    assertThat(refusal(handle, Decision.approve("nope", null, null)))
        .startsWith("the run has no step 'nope'");
    assertThat(refusal(handle, Decision.approve("review", null, null)))
        .startsWith("'review' is not waiting for a decision");
    assertThat(refusal(handle, new Decision("ship", null, Decision.RETRY, null, null, null, null)))
        .isEqualTo("'ship' is an approval: it takes approve, reject, not retry");
    Cli.Result approved = skein("approve", id, "ship", "--by", "alice", "--comment", "fine");
    Cli.Result again = skein("approve", id, "ship", "--by", "bob");
    awaitStep(id, "announce", s -> s.waiting() != null);
    Cli.Result rejected = skein("reject", id, "announce", "--comment", "not today");

    assertThat(approved.exit()).as(approved.toString()).isEqualTo(0);
    assertThat(approved.out()).contains("ship: succeeded");
    assertThat(again.exit()).as(again.toString()).isEqualTo(2);
    assertThat(again.err())
        .contains("'ship' was already decided")
        .contains("approve by alice")
        .doesNotContain("Exception");
    assertThat(rejected.exit()).as(rejected.toString()).isEqualTo(0);
    assertThat(rejected.out()).contains("announce: skipped (rejected)");

    RunResult done = result.get(60, TimeUnit.SECONDS);
    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    if (tier == Tier.REAL_SERVER) {
      awaitListed(id, false);
    }
    JsonNode ship = YAML.readTree(step(done, "ship").output());
    assertThat(ship.path("decision").asText()).isEqualTo("approved");
    assertThat(ship.path("by").asText()).isEqualTo("alice");
    assertThat(ship.path("comment").asText()).isEqualTo("fine");
    assertThat(step(done, "mail").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(step(done, "lazy").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(YAML.readTree(step(done, "lazy").output()).path("by").asText()).isEqualTo("timeout");
    assertThat(step(done, "done").output()).isEqualTo("approved by alice");
    // Only the two decisions taken are in history; the four refusals left nothing there.
    assertThat(acceptedUpdates(id)).isEqualTo(2);
  }

  private static final String PAUSED =
      """
      name: paused
      mode: dataflow
      agents:
        flagged:
          kind: command
          command: [sh, -c, 'test -f "$0" && printf "fixed %s" "$1" || { echo "no $0" >&2; exit 1; }', "DIR/{{ item }}", "{{ item }}"]
      steps:
        - id: each
          agent: flagged
          for_each: '["a", "b"]'
          prompt: x
          on_error: pause
          retry: {max_attempts: 1}
        - id: solo
          agent: flagged
          for_each: '["solo"]'
          prompt: x
          on_error: pause
          retry: {max_attempts: 1}
        - {id: after, prompt: "{{ steps.each.output }}"}
      """;

  @Test
  void resumeStepRetriesSkipsAndFailsPausedFailures() throws Exception {
    Files.writeString(dir.resolve("a"), "");
    String id = "paused-" + UUID.randomUUID();
    CompletableFuture<RunResult> result = start(id, PAUSED.replace("DIR", dir.toString()));
    awaitStep(id, "each", s -> s.waiting() != null);
    awaitStep(id, "solo", s -> s.waiting() != null);

    Cli.Result badTask = skein("resume-step", id, "each#x", "--skip");
    Cli.Result skipped = skein("resume-step", id, "each#1", "--skip", "--output", "stand-in");
    Files.writeString(dir.resolve("solo"), "");
    Cli.Result retried = skein("resume-step", id, "solo#0", "--retry");

    assertThat(badTask.exit()).as(badTask.toString()).isEqualTo(2);
    assertThat(badTask.err()).contains("'each#x' names no task");
    assertThat(skipped.exit()).as(skipped.toString()).isEqualTo(0);
    assertThat(skipped.out()).contains("each#1: succeeded");
    assertThat(retried.exit()).as(retried.toString()).isEqualTo(0);

    RunResult done = result.get(60, TimeUnit.SECONDS);
    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(done, "after").output()).isEqualTo("[\"fixed a\",\"stand-in\"]");
    assertThat(step(done, "solo").tasks().get(0).output()).isEqualTo("fixed solo");
  }

  @Test
  void aPausedFailureFailedStaysFailedAndTheTemporalCliDecidesToo() throws Exception {
    String id = "doomed-" + UUID.randomUUID();
    CompletableFuture<RunResult> result =
        start(
            id,
            """
            name: doomed
            mode: dataflow
            steps:
              - {id: doomed, agent: fail, with: {message: broken}, on_error: pause, retry: {max_attempts: 1}}
              - id: ship
                approval: {prompt: "Ship anyway?"}
            """);
    awaitStep(id, "ship", s -> s.waiting() != null);
    TemporalCli.Result viaTemporal =
        TemporalCli.run(
            Duration.ofSeconds(30),
            "workflow",
            "update",
            "execute",
            "--address",
            SharedService.get(tier).address(),
            "--workflow-id",
            id,
            "--name",
            "decide",
            "--input",
            "{\"step\": \"ship\", \"action\": \"approve\", \"by\": \"temporal-cli\"}");
    assertThat(viaTemporal.exit()).as(viaTemporal.toString()).isEqualTo(0);
    assertThat(viaTemporal.out()).contains("succeeded");

    awaitStep(id, "doomed", s -> s.waiting() != null);
    Cli.Result failed = skein("resume-step", id, "doomed", "--fail");
    assertThat(failed.exit()).as(failed.toString()).isEqualTo(0);
    assertThat(failed.out()).contains("doomed: failed");

    assertThat(result.handle((ok, e) -> ok).get(60, TimeUnit.SECONDS)).isNull(); // it failed
    RunResult done =
        SharedService.get(tier)
            .workflowClient()
            .newUntypedWorkflowStub(id)
            .query(AgentPipeline.PROGRESS_QUERY, RunResult.class, ProgressQuery.FULL);
    assertThat(done.status()).isEqualTo(RunStatus.FAILED);
    assertThat(step(done, "doomed").status()).isEqualTo(StepStatus.FAILED);
    assertThat(YAML.readTree(step(done, "ship").output()).path("by").asText())
        .isEqualTo("temporal-cli");
  }

  @Test
  void aWorkerStoppedWhileAGateWaitsThenADecisionTheRunCompletes() throws Exception {
    String queue = "gate-" + UUID.randomUUID();
    String id = "restart-" + UUID.randomUUID();
    WorkflowClient client = SharedService.get(tier).workflowClient();
    SkeinWorker first = worker(client, queue);
    AgentPipeline stub =
        client.newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id).build());
    CompletableFuture<RunResult> result =
        WorkflowClient.execute(
            stub::run,
            new PipelineInput(
                YAML.readTree(
                    """
                    name: restart
                    steps:
                      - id: ship
                        approval: {prompt: "Go?", timeout: 1h}
                      - {id: after, prompt: "{{ steps.ship.output.by }}"}
                    """),
                Map.of()));
    awaitStep(id, "ship", s -> s.waiting() != null);
    first.shutdownNow();

    // A new worker replays the run from its history: the gate still waits, then takes the decision.
    SkeinWorker second = worker(client, queue);
    try {
      StepRecord now =
          SharedService.get(tier)
              .connect()
              .attach(id)
              .decide(Decision.approve("ship", "erin", null));
      assertThat(now.status()).isEqualTo(StepStatus.SUCCEEDED);
      RunResult done = result.get(60, TimeUnit.SECONDS);
      assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(step(done, "after").output()).isEqualTo("erin");
    } finally {
      second.shutdownNow();
    }
  }

  /** A fan-out of {@code n} quick tasks: 900 make about 5,000 events, past the 4,096 mark. */
  private static String wide(String id, int n, String after) {
    StringBuilder items = new StringBuilder("[0");
    for (int i = 1; i < n; i++) {
      items.append(", ").append(i);
    }
    return "  - {id: "
        + id
        + ", for_each: \""
        + items
        + "]\", prompt: \"t{{ item }}\""
        + (after == null ? "" : ", depends_on: [" + after + "]")
        + "}\n";
  }

  /**
   * At a size that makes the run continue as new while a gate waits: the gate goes with it, the
   * next execution still lists the run as waiting and shows the gate, and a decision from the
   * command line lands there.
   */
  @Test
  void aGateWaitsAcrossContinueAsNewAndIsDecidedThere() throws Exception {
    String id = "carried-" + UUID.randomUUID();
    String yaml =
        """
        name: carried
        mode: dataflow
        defaults: {max_concurrency: 100}
        steps:
          - id: ship
            approval: {prompt: "Ship it?", timeout: 1h}
        """
            + wide("first", 900, null)
            + wide("second", 900, "first")
            + "  - {id: after, prompt: \"{{ steps.ship.output.by }}\", depends_on: [ship, second]}\n";
    CompletableFuture<RunResult> result = start(id, yaml);
    awaitStep(id, "ship", s -> s.waiting() != null);
    String since = stepNow(id, "ship").waiting().get(0).since();
    awaitStep(id, "second", s -> s.status() == StepStatus.SUCCEEDED, Duration.ofSeconds(90));
    // It continues at the first moment only the gate is in flight: between the fan-outs, or after.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (continuedFrom(id).isEmpty()) {
      assertThat(System.nanoTime()).as("the run continued as new").isLessThan(deadline);
      Thread.sleep(100);
    }
    StepRecord ship = stepNow(id, "ship");
    assertThat(ship.waiting()).as("the gate in the new execution").isNotNull();
    assertThat(ship.waiting().get(0).since()).isEqualTo(since);
    Cli.Result status = skein("status", id);
    assertThat(status.out())
        .containsPattern(
            "ship waiting [0-9.hms]+ for approve\\|reject \\(until [^)]+\\): Ship it\\?");
    if (tier == Tier.REAL_SERVER) {
      awaitListed(id, true);
    }

    Cli.Result approved = skein("approve", id, "ship", "--by", "frank");
    assertThat(approved.exit()).as(approved.toString()).isEqualTo(0);
    assertThat(approved.out()).contains("ship: succeeded");
    RunResult done = result.get(60, TimeUnit.SECONDS);
    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step(done, "after").output()).isEqualTo("frank");
    assertThat(step(done, "second").taskCounts().succeeded()).isEqualTo(900);
  }

  private StepRecord stepNow(String id, String step) {
    WorkflowStub stub = SharedService.get(tier).workflowClient().newUntypedWorkflowStub(id);
    return step(
        stub.query(AgentPipeline.PROGRESS_QUERY, RunResult.class, ProgressQuery.LEAN), step);
  }

  /** The execution the latest one continued from; empty for a run that has not continued. */
  private String continuedFrom(String id) {
    return SharedService.get(tier)
        .workflowClient()
        .fetchHistory(id)
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getContinuedExecutionRunId();
  }

  private static SkeinWorker worker(WorkflowClient client, String queue) {
    SkeinWorker worker =
        new SkeinWorker(
            client,
            WorkerSettings.defaults()
                .withTaskQueues(List.of(queue))
                .withShutdownGrace(Duration.ZERO));
    worker.start();
    return worker;
  }

  private CompletableFuture<RunResult> start(String id, String yaml) throws Exception {
    WorkflowClient client = SharedService.get(tier).workflowClient();
    AgentPipeline run =
        client.newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(Defaults.DEFAULT_TASK_QUEUE)
                .setWorkflowId(id)
                .build());
    return WorkflowClient.execute(run::run, new PipelineInput(YAML.readTree(yaml), Map.of()));
  }

  /** Polls the run's progress until the step matches; bounded, not a fixed sleep. */
  private void awaitStep(String id, String step, Predicate<StepRecord> condition)
      throws InterruptedException {
    awaitStep(id, step, condition, Duration.ofSeconds(30));
  }

  private void awaitStep(String id, String step, Predicate<StepRecord> condition, Duration limit)
      throws InterruptedException {
    WorkflowStub stub = SharedService.get(tier).workflowClient().newUntypedWorkflowStub(id);
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      RunResult now = stub.query(AgentPipeline.PROGRESS_QUERY, RunResult.class, ProgressQuery.LEAN);
      if (condition.test(step(now, step))) {
        return;
      }
      assertThat(System.nanoTime()).as("waiting for " + step + " in " + now).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static String refusal(RunHandle handle, Decision decision) {
    DecisionRefusedException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            DecisionRefusedException.class, () -> handle.decide(decision));
    assertThat(e).as("refused: " + decision).isNotNull();
    return e.reason();
  }

  /** Polls {@code list --waiting}'s query until the run is (or is no longer) in it. */
  private void awaitListed(String id, boolean listed) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (var client = SharedService.get(tier).connect()) {
      while (client.list(RunQuery.all().waiting()).stream().anyMatch(r -> r.workflowId().equals(id))
          != listed) {
        assertThat(System.nanoTime()).as("listed as waiting: " + listed).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  private long acceptedUpdates(String id) {
    return SharedService.get(tier).workflowClient().fetchHistory(id).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .count();
  }

  private static StepRecord step(RunResult result, String id) {
    return result.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private Cli.Result skein(String command, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = command;
    all[1] = "--address";
    all[2] = SharedService.get(tier).address();
    System.arraycopy(args, 0, all, 3, args.length);
    return Cli.run(dir, all);
  }
}
