package dev.skein.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.AgentPipelineImpl;
import dev.skein.engine.PipelineInput;
import dev.skein.model.Defaults;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.TaskRecord;
import dev.skein.run.Usage;
import dev.skein.testkit.Tier;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Usage reported by real subprocesses reaches the records: per step and task, totals per fan-out
 * and run, and every attempt counts, a failed one included.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class UsageEndToEndTest {

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

  private RunResult run(String yaml) throws Exception {
    AgentPipeline pipeline =
        env.client()
            .newWorkflowStub(
                AgentPipeline.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(env.taskQueue())
                    .setWorkflowId("usage-" + UUID.randomUUID())
                    .build());
    JsonNode document = YAML.readTree(yaml);
    return pipeline.run(new PipelineInput(document, Map.of()));
  }

  @Test
  void aFailedAttemptsUsageCountsWithTheOneThatSucceeded() throws Exception {
    Path script = dir.resolve("claude-like.sh");
    Path attempts = dir.resolve("attempts");
    // A stand-in for `claude -p --output-format json`: the first attempt is paid for, then fails.
    Files.writeString(
        script,
        """
        n=$(cat "$1" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$1"
        if [ $n = 1 ]; then
          echo '{"type":"result","is_error":true,"result":"overloaded","total_cost_usd":0.01,"usage":{"input_tokens":100,"output_tokens":10}}'
          exit 1
        fi
        echo '{"type":"result","result":"fixed it","total_cost_usd":0.02,"usage":{"input_tokens":200,"cache_read_input_tokens":50,"output_tokens":20}}'
        """);
    RunResult result =
        run(
            """
            name: usage-retry
            agents:
              claude: {kind: command, command: [sh, SCRIPT, COUNTER], usage: claude}
            steps:
              - id: fix
                agent: claude
                prompt: fix the bug
                retry: {max_attempts: 2, initial_interval: 100ms}
            """
                .replace("SCRIPT", script.toString())
                .replace("COUNTER", attempts.toString()));

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    StepRecord fix = result.steps().get(0);
    assertThat(fix.attempts()).isEqualTo(2);
    assertThat(fix.output()).isEqualTo("fixed it");
    assertThat(fix.usage().inputTokens()).isEqualTo(100 + 250);
    assertThat(fix.usage().outputTokens()).isEqualTo(30);
    assertThat(fix.usage().cachedTokens()).isEqualTo(50);
    assertThat(fix.usage().costUsd()).isCloseTo(0.03, within(1e-9));
    assertThat(result.usage()).isEqualTo(fix.usage());
  }

  @Test
  void aFanOutTotalsItsTasksAndThePriceCostsTheirTokens() throws Exception {
    RunResult result =
        run(
            """
            name: usage-fan-out
            inputs:
              counts: [1, 2, 3]
            agents:
              counter:
                kind: command
                command: [sh, -c, 'n=$(cat); echo "{\\"in\\": $((n * 1000)), \\"out\\": $n}"']
                usage: {extractor: json, input_tokens: in, output_tokens: out}
                price: {input_per_mtok: 2, output_per_mtok: 10}
            steps:
              - id: each
                agent: counter
                for_each: "{{ inputs.counts }}"
                prompt: "{{ item }}"
              - id: plain
                agent: echo
                prompt: no usage here
            """);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    StepRecord each = result.steps().get(0);
    assertThat(each.tasks())
        .extracting(TaskRecord::usage)
        .extracting(Usage::inputTokens)
        .containsExactly(1000L, 2000L, 3000L);
    assertThat(each.usage().inputTokens()).isEqualTo(6000);
    assertThat(each.usage().outputTokens()).isEqualTo(6);
    assertThat(each.usage().costUsd()).isCloseTo((6000 * 2 + 6 * 10) / 1e6, within(1e-12));
    assertThat(result.steps().get(1).usage()).isNull();
    assertThat(result.usage()).isEqualTo(each.usage());
  }
}
