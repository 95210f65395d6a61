package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.contract.FailureTypes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bad input ends the run at once, non-retryable, instead of retrying a workflow task forever. */
class InvalidInputTest extends EngineTestBase {

  @Test
  void invalidPipelineFailsAtOnceWithAllProblems() {
    String id =
        start(
            """
            name: Bad Name
            steps:
              - {id: a, prompt: "{{ steps.nowhere.output }}"}
              - {id: a, prompt: dup}
            """);
    Finished run = await(id);

    assertThat(run.failureType()).isEqualTo(FailureTypes.INVALID_PIPELINE);
    ApplicationFailure failure = (ApplicationFailure) run.failure().getCause();
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("problems");
    assertNoWorkflowTaskFailed(id);
    assertThat(agents.calls).isEmpty();
  }

  @Test
  void undeclaredInputIsInvalidPipeline() {
    String id =
        start(
            """
            name: typo
            inputs: {repo: x}
            steps:
              - {id: a, prompt: "{{ inputs.repo }}"}
            """,
            Map.of("rpeo", TextNode.valueOf("y")));
    Finished run = await(id);

    assertThat(run.failureType()).isEqualTo(FailureTypes.INVALID_PIPELINE);
    assertThat(run.failureMessage()).contains("'rpeo'");
    assertNoWorkflowTaskFailed(id);
  }

  @Test
  void undecodableInputFailsTheRunInsteadOfHangingIt() throws Exception {
    WorkflowStub raw =
        client.newUntypedWorkflowStub(
            AgentPipeline.WORKFLOW_TYPE,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("garbage").build());
    raw.start(List.of("not", "a", "pipeline input"));

    try {
      raw.getResult(20, TimeUnit.SECONDS, Object.class);
      throw new AssertionError("the run should have failed");
    } catch (WorkflowFailedException expected) {
      assertThat(expected.getCause()).isNotNull();
    }
  }

  private void assertNoWorkflowTaskFailed(String id) {
    var history = client.fetchHistory(id).getHistory().getEventsList();
    assertThat(history)
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    assertThat(history)
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
        .hasSize(1);
  }
}
