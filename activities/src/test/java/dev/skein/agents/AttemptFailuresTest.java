package dev.skein.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.AgentPipelineImpl;
import dev.skein.engine.PipelineInput;
import dev.skein.model.Defaults;
import dev.skein.run.FailedAttempt;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.TaskRecord;
import dev.skein.testkit.Tier;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failed attempt's error stays in the result: a real subprocess that fails a given number of
 * times (counted in a marker file) before it succeeds, or never does.
 */
class AttemptFailuresTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static AgentWorkflows env;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    env =
        AgentWorkflows.start(Tier.IN_MEMORY, Defaults.DEFAULT_TASK_QUEUE, AgentPipelineImpl.class);
  }

  @AfterAll
  static void tearDown() {
    env.close();
  }

  /** A script that fails (exit 3, a sentence on stderr) until its marker counts past {@code n}. */
  private Path flaky(String name) throws Exception {
    Path script = dir.resolve(name + ".sh");
    Files.writeString(
        script,
        """
        n=$(cat "$1" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$1"
        if [ $n -le $2 ]; then echo "broken on try $n" >&2; exit 3; fi
        echo "fine on try $n"
        """);
    return script;
  }

  private RunResult run(String yaml) throws Exception {
    AgentPipeline pipeline =
        env.client()
            .newWorkflowStub(
                AgentPipeline.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(env.taskQueue())
                    .setWorkflowId("failures-" + UUID.randomUUID())
                    .build());
    try {
      return pipeline.run(new PipelineInput(YAML.readTree(yaml), Map.of()));
    } catch (WorkflowFailedException e) {
      // A failed run carries its result in the failure's details.
      return ((ApplicationFailure) e.getCause()).getDetails().get(RunResult.class);
    }
  }

  @Test
  void aStepThatFailedTwiceThenSucceededKeepsBothErrors() throws Exception {
    Path script = flaky("twice");
    RunResult result =
        run(
            """
            name: flaky
            agents:
              flaky: {kind: command, command: [sh, SCRIPT, MARK, "2"]}
            steps:
              - id: fix
                agent: flaky
                prompt: go
                retry: {max_attempts: 3, initial_interval: 50ms}
            """
                .replace("SCRIPT", script.toString())
                .replace("MARK", dir.resolve("twice.count").toString()));

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    StepRecord fix = result.steps().get(0);
    assertThat(fix.attempts()).isEqualTo(3);
    assertThat(fix.error()).isNull();
    assertThat(fix.failures()).extracting(FailedAttempt::attempt).containsExactly(1, 2);
    assertThat(fix.failures().get(0).message()).contains("broken on try 1");
    assertThat(fix.failures().get(1).message()).contains("broken on try 2");
  }

  @Test
  void aStepThatNeverSucceedsKeepsEveryAttemptAndATaskKeepsItsOwn() throws Exception {
    Path script = flaky("always");
    RunResult result =
        run(
            """
            name: hopeless
            inputs: {items: [a]}
            agents:
              flaky: {kind: command, command: [sh, SCRIPT, MARK, "9"]}
              once: {kind: command, command: [sh, SCRIPT, TASKMARK, "1"]}
            steps:
              - id: fix
                agent: flaky
                prompt: go
                retry: {max_attempts: 3, initial_interval: 50ms}
              - id: each
                agent: once
                for_each: "{{ inputs.items }}"
                prompt: "{{ item }}"
                retry: {max_attempts: 2, initial_interval: 50ms}
            defaults: {on_error: wait_for_all}
            """
                .replace("SCRIPT", script.toString())
                .replace("TASKMARK", dir.resolve("task.count").toString())
                .replace("MARK", dir.resolve("always.count").toString()));

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    StepRecord fix = result.steps().get(0);
    assertThat(fix.attempts()).isEqualTo(3);
    assertThat(fix.failures()).extracting(FailedAttempt::attempt).containsExactly(1, 2, 3);
    assertThat(fix.failures().get(2).message())
        .contains("broken on try 3")
        .isEqualTo(fix.error().message());
    TaskRecord task = result.steps().get(1).tasks().get(0);
    assertThat(task.status().wireName()).isEqualTo("succeeded");
    assertThat(task.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.attempt()).isEqualTo(1);
              assertThat(f.message()).contains("broken on try 1");
            });
  }
}
