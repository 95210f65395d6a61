package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.PipelineInput;
import dev.skein.model.Defaults;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testkit.Tier;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code skein budget}: raising a running run's budget from another process, and its refusals. */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class BudgetCommandTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Parameter Tier tier;

  @TempDir Path dir;

  /** Four tasks of $1 each, one at a time, each taking three seconds. */
  private static final String PIPELINE =
      """
      name: budgeted
      inputs:
        items: [1, 2, 3, 4]
      BUDGET
      agents:
        paid:
          kind: command
          command: [sh, -c, 'sleep 3; echo "{\\"usd\\": 1}"']
          usage: {extractor: json, cost_usd: usd}
      steps:
        - id: each
          agent: paid
          for_each: "{{ inputs.items }}"
          prompt: "{{ item }}"
          max_concurrency: 1
      """;

  private CompletableFuture<RunResult> start(String id, String budget) throws Exception {
    WorkflowClient client = SharedService.get(tier).workflowClient();
    AgentPipeline run =
        client.newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(Defaults.DEFAULT_TASK_QUEUE)
                .setWorkflowId(id)
                .build());
    return WorkflowClient.execute(
        run::run, new PipelineInput(YAML.readTree(PIPELINE.replace("BUDGET", budget)), Map.of()));
  }

  private Cli.Result budget(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "budget";
    all[1] = "--address";
    all[2] = SharedService.get(tier).address();
    System.arraycopy(args, 0, all, 3, args.length);
    return Cli.run(dir, all);
  }

  @Test
  void aRaiseFromAnotherProcessLetsTheRunFinish() throws Exception {
    String id = "budgeted-" + UUID.randomUUID();
    CompletableFuture<RunResult> result = start(id, "budget: {max_cost_usd: 1.5}");

    Cli.Result r = budget(id, "--add-usd", "10");

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    assertThat(r.out()).contains("Budget of " + id + ": max_cost_usd 11.5000; spent");
    RunResult done = result.get(60, TimeUnit.SECONDS);
    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.usage().costUsd()).isEqualTo(4.0);
  }

  @Test
  void aRunThatHasEndedSaysSo() throws Exception {
    String id = "ended-" + UUID.randomUUID();
    start(id, "budget: {max_cost_usd: 0.5}").handle((ok, failed) -> null).get(60, TimeUnit.SECONDS);

    Cli.Result r = budget(id, "--add-usd", "1");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("did not raise its budget: the run has ended");
  }

  @Test
  void refusalsExitTwoWithTheWorkflowsSentence() throws Exception {
    String id = "unbudgeted-" + UUID.randomUUID();
    CompletableFuture<RunResult> result = start(id, "");

    Cli.Result none = budget(id, "--add-usd", "5");
    Cli.Result nothing = budget(id);

    assertThat(none.exit()).as(none.toString()).isEqualTo(2);
    assertThat(none.err())
        .contains("did not raise its budget: the run has no budget to raise")
        .doesNotContain("Exception");
    assertThat(nothing.exit()).as(nothing.toString()).isEqualTo(2);
    assertThat(nothing.err()).contains("Say how much to add");
    assertThat(result.get(60, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
  }
}
