package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The visibility query behind {@code skein list}: what it filters on, and what cannot reach it. */
class RunQueryTest {

  @Test
  void everyRunOfTheWorkflowTypeOnceAtItsLatestExecution() {
    assertThat(RunQuery.all().visibilityQuery())
        .isEqualTo("WorkflowType = 'AgentPipeline' AND ExecutionStatus != 'ContinuedAsNew'");
  }

  @Test
  void pipelineOnItsSearchAttributeStatusOnTheExecutionStatus() {
    assertThat(RunQuery.all().pipeline("review").status(ListedStatus.CANCELLED).visibilityQuery())
        .isEqualTo(
            "WorkflowType = 'AgentPipeline' AND ExecutionStatus != 'ContinuedAsNew'"
                + " AND SkeinPipeline = 'review' AND ExecutionStatus = 'Canceled'");
  }

  @Test
  void onlyPipelineNamesReachTheQuery() {
    assertThatThrownBy(() -> RunQuery.all().pipeline("x' OR WorkflowId != '"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a pipeline name");
    assertThatThrownBy(() -> RunQuery.all().limit(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
