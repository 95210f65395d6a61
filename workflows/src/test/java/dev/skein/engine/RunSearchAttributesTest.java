package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import dev.skein.visibility.SkeinSearchAttributes;
import dev.skein.visibility.VisibilityActivities;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The search attributes a run upserts as it moves, on Temporal's test server (which, like a real
 * one, refuses attributes it does not have): pipeline and {@code running} once at the start, the
 * final status once at the end, the resumed run when the input names one.
 */
class RunSearchAttributesTest extends EngineTestBase {

  @Test
  void aRunIsRunningWhileItRunsThenSucceeded() {
    String id =
        start(
            "name: attrs\nsteps:\n  - {id: a, prompt: a, with: {gate: true}}\n"
                + "  - {id: b, depends_on: [a], prompt: b}\n");
    eventually("a running", () -> step(progress(id), "a").status() == StepStatus.RUNNING);
    assertThat(attributes(id).get(SkeinSearchAttributes.PIPELINE)).isEqualTo("attrs");
    assertThat(attributes(id).get(SkeinSearchAttributes.STATUS)).isEqualTo("running");

    agents.release("a");
    assertThat(await(id).result().status()).isEqualTo(RunStatus.SUCCEEDED);

    SearchAttributes end = attributes(id);
    assertThat(end.get(SkeinSearchAttributes.PIPELINE)).isEqualTo("attrs");
    assertThat(end.get(SkeinSearchAttributes.STATUS)).isEqualTo("succeeded");
    assertThat(end.containsKey(SkeinSearchAttributes.RETRY_OF)).isFalse();
    WorkflowExecutionHistory history = client.fetchHistory(id);
    assertThat(count(history, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)).isEqualTo(2);
    // The version marker, then the probe's answer: replay upserts what this run upserted.
    assertThat(count(history, EventType.EVENT_TYPE_MARKER_RECORDED)).isEqualTo(2);
  }

  /** What the run's agents spent is on the run once it ends, for queries such as cost > 1. */
  @Test
  void anEndedRunCarriesWhatItsAgentsSpent() {
    String id =
        start(
            "name: priced\nsteps:\n  - {id: a, prompt: a, with: {cost_usd: 0.25}}\n"
                + "  - {id: b, prompt: b, with: {cost_usd: 0.5}}\n  - {id: c, prompt: c}\n");
    assertThat(await(id).result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(attributes(id).get(SkeinSearchAttributes.COST)).isEqualTo(0.75);

    String unpriced = start("name: free\nsteps:\n  - {id: a, prompt: a}\n");
    assertThat(await(unpriced).result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(attributes(unpriced).containsKey(SkeinSearchAttributes.COST)).isFalse();
  }

  @Test
  void aFailedRunEndsFailed() {
    String id = start("name: broken\nsteps:\n  - {id: a, prompt: a, with: {fail: true}}\n");
    assertThat(await(id).result().status()).isEqualTo(RunStatus.FAILED);
    assertThat(attributes(id).get(SkeinSearchAttributes.STATUS)).isEqualTo("failed");
  }

  @Test
  void aCancelledRunEndsCancelled() {
    String id =
        start(
            "name: nap\ndefaults: {heartbeat_timeout: 2s}\nsteps:\n  - {id: a, prompt: a, with: {gate: true}}\n");
    eventually("a running", () -> agents.running.get() == 1);
    client.newUntypedWorkflowStub(id).cancel();
    await(id);
    assertThat(attributes(id).get(SkeinSearchAttributes.STATUS)).isEqualTo("cancelled");
    assertThat(attributes(id).get(SkeinSearchAttributes.PIPELINE)).isEqualTo("nap");
  }

  @Test
  void aRejectedPipelineIsFailedUnderTheNameItGave() {
    String id = start("name: rejected\nsteps:\n  - {id: a, depends_on: [nowhere], prompt: a}\n");
    assertThat(await(id).failureType()).isEqualTo("InvalidPipeline");
    assertThat(attributes(id).get(SkeinSearchAttributes.PIPELINE)).isEqualTo("rejected");
    assertThat(attributes(id).get(SkeinSearchAttributes.STATUS)).isEqualTo("failed");
  }

  @Test
  void aRunThatResumesAnotherNamesIt() {
    AgentPipeline first =
        client.newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("first-run").build());
    first.run(new PipelineInput(yaml("name: again\nsteps:\n  - {id: a, prompt: a}\n"), Map.of()));
    AgentPipeline stub =
        client.newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("resumer").build());
    WorkflowClient.start(
        stub::run,
        new PipelineInput(
            yaml("name: again\nsteps:\n  - {id: a, prompt: a}\n"),
            Map.of(),
            new ResumeFrom("first-run"),
            null));
    assertThat(await("resumer").result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(attributes("resumer").get(SkeinSearchAttributes.RETRY_OF)).isEqualTo("first-run");
  }

  /**
   * A probe that keeps failing (a service that cannot be asked) means no attributes: the run
   * upserts none and succeeds, and its workflow tasks never fail.
   */
  @Test
  void withoutAnAnswerARunSetsNoAttributesAndStillSucceeds() {
    try (TestWorkflowEnvironment bare = TestWorkflowEnvironment.newInstance()) {
      Worker worker = bare.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(
          PipelineWorkflows.options(), AgentPipelineImpl.class);
      VisibilityActivities failing =
          () -> {
            throw new IllegalStateException("the service does not answer");
          };
      worker.registerActivitiesImplementations(failing, new RecordingAgents());
      bare.start();
      WorkflowClient bareClient = bare.getWorkflowClient();
      AgentPipeline stub =
          bareClient.newWorkflowStub(
              AgentPipeline.class,
              WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("bare").build());
      RunResult result =
          stub.run(
              new PipelineInput(yaml("name: bare\nsteps:\n  - {id: a, prompt: a}\n"), Map.of()));

      assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
      WorkflowExecutionHistory history = bareClient.fetchHistory("bare");
      assertThat(count(history, EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)).isZero();
      assertThat(count(history, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).isZero();
    }
  }

  private SearchAttributes attributes(String id) {
    return client.newUntypedWorkflowStub(id).describe().getTypedSearchAttributes();
  }

  private static long count(WorkflowExecutionHistory history, EventType type) {
    List<HistoryEvent> events = history.getEvents();
    return events.stream().filter(e -> e.getEventType() == type).count();
  }
}
