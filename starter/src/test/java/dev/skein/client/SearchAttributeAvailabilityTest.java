package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skein.agents.AgentActivitiesImpl;
import dev.skein.engine.AgentPipeline;
import dev.skein.engine.PipelineInput;
import dev.skein.engine.PipelineWorkflows;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.testing.Temporal;
import dev.skein.testkit.TemporalServer;
import dev.skein.visibility.SearchAttributeRegistry;
import dev.skein.visibility.SkeinSearchAttributes;
import dev.skein.worker.SkeinWorker;
import dev.skein.worker.WorkerSettings;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a run decides which search attributes to set, on a real server whose namespace starts without
 * Skein's: a worker that registers nothing runs pipelines with no upsert at all (a real server
 * would fail the workflow task of an upsert it cannot index, again on every retry); once an
 * operator adds one attribute, runs set that one; a Skein worker's start registers the rest.
 */
class SearchAttributeAvailabilityTest {

  private static final String NAMESPACE = "bare";
  private static final String PIPELINE = "name: bare\nsteps:\n  - {id: a, prompt: a}\n";

  private static TemporalServer server;
  private static WorkflowServiceStubs service;
  private static WorkflowClient client;

  @BeforeAll
  static void start() {
    server = TemporalServer.builder().name("bare-namespace").namespace(NAMESPACE).start();
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.address()).build());
    client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
  }

  @AfterAll
  static void stop() {
    service.shutdownNow();
    server.close();
  }

  @Test
  void runsSetOnlyTheAttributesTheNamespaceHas() throws Exception {
    RunQuery byPipeline = RunQuery.all().pipeline("bare");
    WorkerFactory plain = WorkerFactory.newInstance(client);
    var worker = plain.newWorker("skein");
    PipelineWorkflows.register(worker);
    worker.registerActivitiesImplementations(new AgentActivitiesImpl(Map.of()));
    plain.start();
    try {
      RunResult none = run("none");
      assertThat(none.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(count("none", EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)).isZero();
      assertThat(count("none", EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).isZero();
      assertThatThrownBy(() -> SkeinClient.of(client, server.address()).list(byPipeline))
          .isInstanceOf(SkeinException.class)
          .hasMessageContaining("lacks Skein's search attributes")
          .hasMessageContaining("skein setup");

      new Temporal(server.address())
          .ok(
              "operator",
              "search-attribute",
              "create",
              "--namespace",
              NAMESPACE,
              "--name",
              "SkeinPipeline",
              "--type",
              "Keyword");
      assertThat(run("one").status()).isEqualTo(RunStatus.SUCCEEDED);
      SearchAttributes one = attributes("one");
      assertThat(one.get(SkeinSearchAttributes.PIPELINE)).isEqualTo("bare");
      assertThat(one.containsKey(SkeinSearchAttributes.STATUS)).isFalse();
      assertThat(count("one", EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).isZero();
      // Visibility follows the run a moment later.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (SkeinClient.of(client, server.address()).list(byPipeline).isEmpty()) {
        assertThat(System.nanoTime()).as("run 'one' listed by pipeline").isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(SkeinClient.of(client, server.address()).list(byPipeline))
          .extracting(RunListing::workflowId)
          .containsExactly("one");
    } finally {
      plain.shutdownNow();
      plain.awaitTermination(10, TimeUnit.SECONDS);
    }

    SkeinWorker skein =
        new SkeinWorker(
            client,
            WorkerSettings.defaults()
                .withTaskQueues(List.of("skein"))
                .withShutdownGrace(Duration.ZERO));
    skein.start();
    try (SearchAttributeRegistry registry = SearchAttributeRegistry.of(service)) {
      assertThat(registry.registered(NAMESPACE))
          .containsExactlyElementsOf(SkeinSearchAttributes.names());
      assertThat(run("all").status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(attributes("all").get(SkeinSearchAttributes.STATUS)).isEqualTo("succeeded");
    } finally {
      skein.shutdownNow();
    }
  }

  private static RunResult run(String id) throws Exception {
    AgentPipeline stub =
        client.newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder().setTaskQueue("skein").setWorkflowId(id).build());
    WorkflowClient.start(
        stub::run, new PipelineInput(new YAMLMapper().readTree(PIPELINE), Map.of()));
    return client.newUntypedWorkflowStub(id).getResult(60, TimeUnit.SECONDS, RunResult.class);
  }

  private static SearchAttributes attributes(String id) {
    return client.newUntypedWorkflowStub(id).describe().getTypedSearchAttributes();
  }

  private static long count(String id, EventType type) {
    return client.fetchHistory(id).getEvents().stream()
        .filter(e -> e.getEventType() == type)
        .count();
  }
}
