package dev.skein.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.AgentPipelineImpl;
import dev.skein.engine.BudgetRaise;
import dev.skein.engine.BudgetView;
import dev.skein.engine.PipelineInput;
import dev.skein.model.Defaults;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskRecord;
import dev.skein.testkit.Tier;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Budgets over real subprocesses that report a cost: what starts, what does not, how the step or
 * run ends, and a budget raised while the run goes on.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class BudgetEndToEndTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Parameter Tier tier;

  @TempDir Path dir;

  private AgentWorkflows env;

  @BeforeEach
  void setUp() {
    env = AgentWorkflows.start(tier, Defaults.DEFAULT_TASK_QUEUE, AgentPipelineImpl.class);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  /**
   * A fan-out of {@code n} tasks, each costing $1 after {@code seconds}; each run leaves a file.
   */
  private String pipeline(String budgets, int n, String seconds) {
    return """
        name: budget
        inputs:
          items: ITEMS
        BUDGETS
        agents:
          paid:
            kind: command
            command: [sh, -c, 'touch "DIR/ran-$(cat)"; sleep SECONDS; echo "{\\"usd\\": 1, \\"in\\": 100}"']
            usage: {extractor: json, cost_usd: usd, input_tokens: in}
        steps:
          - id: each
            agent: paid
            for_each: "{{ inputs.items }}"
            prompt: "{{ item }}"
            max_concurrency: 2
            STEP
        """
        .replace("ITEMS", Stream.iterate(0, i -> i + 1).limit(n).toList().toString())
        .replace("DIR", dir.toString())
        .replace("SECONDS", seconds)
        .replace("BUDGETS", budgets.startsWith("step:") ? "" : budgets)
        .replace("STEP", budgets.startsWith("step:") ? budgets.substring(5) : "");
  }

  private AgentPipeline stub(String id) {
    return env.client()
        .newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder().setTaskQueue(env.taskQueue()).setWorkflowId(id).build());
  }

  private RunResult failedResult(String yaml) throws Exception {
    AgentPipeline run = stub("budget-" + UUID.randomUUID());
    JsonNode doc = YAML.readTree(yaml);
    CompletableFuture<RunResult> started =
        WorkflowClient.execute(run::run, new PipelineInput(doc, Map.of()));
    Throwable failure = catchThrowable(() -> started.get(60, TimeUnit.SECONDS));
    if (failure instanceof java.util.concurrent.TimeoutException) {
      throw new AssertionError("the run did not end: " + run.progress(null), failure);
    }
    ApplicationFailure app = Failures.applicationFailure(failure);
    assertThat(app.getType()).as(String.valueOf(failure)).isIn("PipelineFailed", "BudgetExceeded");
    return app.getDetails().get(0, RunResult.class);
  }

  private long ran() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("ran-")).count();
    }
  }

  @Test
  void aRunBudgetStopsAFanOutMidWayAndTheCallsInFlightFinish() throws Exception {
    RunResult result = failedResult(pipeline("budget: {max_cost_usd: 3}", 20, "0.2"));

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.error().type()).isEqualTo("BudgetExceeded");
    assertThat(result.error().message())
        .contains("the run's budget is used up: max_cost_usd 3.0000 (spent");
    StepRecord each = result.steps().get(0);
    long succeeded = each.tasks().stream().filter(t -> t.status() == StepStatus.SUCCEEDED).count();
    // with two in flight and $1 each: the third call's estimate reaches $3, so 3 or 4 ran
    assertThat(succeeded).isBetween(3L, 4L);
    assertThat(ran()).isEqualTo(succeeded);
    assertThat(each.tasks())
        .filteredOn(t -> t.status() != StepStatus.SUCCEEDED)
        .extracting(TaskRecord::status)
        .containsOnly(StepStatus.CANCELLED);
    assertThat(result.usage().costUsd()).isEqualTo((double) succeeded);
  }

  @Test
  void onBudgetCancelStopsTheCallsInFlight() throws Exception {
    // Task 0 reports $1 after 0.3 s; every other task would take 30 s: the budget of $1 is used up
    // while task 1 is in flight, and on_budget: cancel stops it.
    String yaml =
        pipeline("budget: {max_cost_usd: 1}\non_budget: cancel", 20, "1")
            .replace(
                "'touch \"" + dir + "/ran-$(cat)\"; sleep 1;",
                "'n=$(cat); touch \""
                    + dir
                    + "/ran-$n\"; if [ $n = 0 ]; then sleep 0.3; else sleep"
                    + " 30; fi;");
    assertThat(yaml).contains("sleep 30");
    long started = System.nanoTime();
    RunResult result = failedResult(yaml);

    assertThat(result.error().type()).isEqualTo("BudgetExceeded");
    StepRecord each = result.steps().get(0);
    assertThat(each.tasks()).filteredOn(t -> t.status() == StepStatus.SUCCEEDED).hasSize(1);
    assertThat(each.tasks().get(1).status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(each.tasks()).filteredOn(t -> t.status() == StepStatus.PENDING).isEmpty();
    assertThat(ran()).isEqualTo(2);
    assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(25));
  }

  @Test
  void aFanOutsOwnBudgetFailsThatStepWithItsLimitAndSpend() throws Exception {
    RunResult result =
        failedResult(pipeline("step:budget: {max_cost_usd: 2, max_tokens: 100000}", 10, "0.1"));

    StepRecord each = result.steps().get(0);
    assertThat(each.status()).isEqualTo(StepStatus.FAILED);
    assertThat(each.error().type()).isEqualTo("BudgetExceeded");
    assertThat(each.error().message())
        .startsWith("step 'each' used up its budget: max_cost_usd 2.0000 (spent ")
        .contains("max_tokens 100000 (spent ")
        .endsWith("its remaining tasks did not start");
    assertThat(ran()).isLessThan(10);
  }

  @Test
  void raisingTheBudgetWhileItRunsLetsItFinish() throws Exception {
    AgentPipeline run = stub("budget-raise-" + UUID.randomUUID());
    JsonNode doc = YAML.readTree(pipeline("budget: {max_cost_usd: 2}", 6, "1"));
    CompletableFuture<RunResult> result =
        WorkflowClient.execute(run::run, new PipelineInput(doc, Map.of()));
    Thread.sleep(300); // the run is under way: its first two calls are in flight

    Throwable zero = catchThrowable(() -> run.budget(new BudgetRaise(0, 0)));
    BudgetView raised = run.budget(new BudgetRaise(10, 0));

    assertThat(zero)
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("say how much to add");
    assertThat(raised.maxCostUsd()).isEqualTo(12.0);
    RunResult done = result.get(60, TimeUnit.SECONDS);
    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.usage().costUsd()).isEqualTo(6.0);
  }

  @Test
  void aRunWithoutABudgetRefusesARaise() throws Exception {
    AgentPipeline run = stub("budget-none-" + UUID.randomUUID());
    JsonNode doc = YAML.readTree(pipeline("", 2, "2"));
    CompletableFuture<RunResult> result =
        WorkflowClient.execute(run::run, new PipelineInput(doc, Map.of()));
    Thread.sleep(300);

    Throwable refused = catchThrowable(() -> run.budget(new BudgetRaise(5, 0)));

    assertThat(refused)
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("the run has no budget to raise");
    assertThat(result.get(60, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
  }
}
