package dev.skein.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.agents.process.ProcessTree;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.AgentPipelineImpl;
import dev.skein.engine.PipelineInput;
import dev.skein.model.Defaults;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.testkit.Tier;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The AgentPipeline workflow with the real agent activities and real subprocesses. */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class EngineEndToEndTest {

  /** The pipelines' steps name no queue, so their agents run on the default one. */
  private static final String QUEUE = Defaults.DEFAULT_TASK_QUEUE;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Parameter Tier tier;

  private AgentWorkflows env;
  private WorkflowClient client;

  @BeforeEach
  void setUp() {
    env = AgentWorkflows.start(tier, QUEUE, AgentPipelineImpl.class);
    client = env.client();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private AgentPipeline pipeline(String id) {
    return client.newWorkflowStub(
        AgentPipeline.class,
        WorkflowOptions.newBuilder().setTaskQueue(env.taskQueue()).setWorkflowId(id).build());
  }

  private static JsonNode yaml(String text) throws Exception {
    return YAML.readTree(text);
  }

  @Test
  void aThreeStepPipelineOfCommandAgentsCompletes() throws Exception {
    JsonNode document =
        yaml(
            """
            name: e2e-three
            inputs:
              name: world
            agents:
              shout: {kind: command, command: [tr, a-z, A-Z]}
              wrap: {kind: command, command: [sh, -c, 'printf "[%s]" "$(cat)"']}
              count: {kind: command, command: [sh, -c, 'printf %s "$SKEIN_PROMPT" | wc -c'], prompt_via: env}
            steps:
              - id: draft
                agent: shout
                prompt: "hello {{ inputs.name }}; $(rm -rf /)"
              - id: review
                agent: wrap
                prompt: "{{ steps.draft.output }}"
              - id: measure
                agent: count
                prompt: "{{ steps.review.output }}"
            """);

    RunResult result =
        pipeline("e2e-three-" + UUID.randomUUID()).run(new PipelineInput(document, Map.of()));

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.steps()).extracting(StepRecord::status).containsOnly(StepStatus.SUCCEEDED);
    assertThat(result.steps().get(0).output()).isEqualTo("HELLO WORLD; $(RM -RF /)");
    assertThat(result.steps().get(1).output()).isEqualTo("[HELLO WORLD; $(RM -RF /)]");
    assertThat(result.steps().get(2).output().trim()).isEqualTo("26");
  }

  @Test
  void failFastKillsTheSiblingSubprocesses() throws Exception {
    String marker = "skein-e2e-" + UUID.randomUUID();
    JsonNode document =
        yaml(
            """
            name: e2e-fail-fast
            defaults:
              on_error: fail_fast
              heartbeat_timeout: 5s
              retry: {max_attempts: 1}
            agents:
              busy: {kind: command, command: [sh, -c, 'sleep 1000 & sleep 1000 & wait', MARKER], grace_period: 2s}
              boom: {kind: command, command: [sh, -c, 'sleep 1; echo broken >&2; exit 3']}
            steps:
              - id: left
                agent: busy
              - id: right
                agent: busy
              - id: breaks
                agent: boom
            """
                .replace("MARKER", marker));
    AgentPipeline run = pipeline("e2e-fail-fast-" + UUID.randomUUID());
    CompletableFuture<RunResult> result =
        WorkflowClient.execute(run::run, new PipelineInput(document, Map.of()));

    List<ProcessHandle> siblings = MarkedProcesses.await(marker, 6);
    Throwable failure = catchThrowable(() -> result.get(60, TimeUnit.SECONDS));

    assertThat(failure).hasCauseInstanceOf(WorkflowFailedException.class);
    assertThat(siblings).allSatisfy(p -> assertThat(ProcessTree.isRunning(p)).isFalse());
    ApplicationFailure runFailure = Failures.applicationFailure(failure);
    RunResult finalResult = runFailure.getDetails().get(0, RunResult.class);
    Map<String, StepStatus> statuses =
        finalResult.steps().stream().collect(Collectors.toMap(StepRecord::id, StepRecord::status));
    assertThat(statuses)
        .containsEntry("breaks", StepStatus.FAILED)
        .containsEntry("left", StepStatus.CANCELLED)
        .containsEntry("right", StepStatus.CANCELLED);
  }
}
