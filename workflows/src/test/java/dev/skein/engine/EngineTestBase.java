package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.run.ProgressQuery;
import dev.skein.run.RunEvent;
import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * One time-skipping test environment per test, a worker registered the way real workers do it
 * ({@link PipelineWorkflows#register}), and {@link RecordingAgents} in place of real agents.
 * Pipelines are written as YAML text and go through the real input path: Jackson tree, workflow
 * input, the workflow's own parser.
 */
abstract class EngineTestBase {

  static final String QUEUE = "skein";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  TestWorkflowEnvironment env;
  WorkflowClient client;
  RecordingAgents agents;
  private int runs;

  @BeforeEach
  void startEnvironment() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    PipelineWorkflows.register(worker);
    agents = new RecordingAgents();
    worker.registerActivitiesImplementations(agents);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void closeEnvironment() {
    env.close();
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a run and returns its workflow id. */
  String start(String pipelineYaml) {
    return start(pipelineYaml, Map.of());
  }

  String start(String pipelineYaml, Map<String, JsonNode> inputs) {
    String id = "run-" + (++runs);
    AgentPipeline stub =
        client.newWorkflowStub(
            AgentPipeline.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
    WorkflowClient.start(stub::run, new PipelineInput(yaml(pipelineYaml), inputs));
    return id;
  }

  AgentPipeline handle(String id) {
    return client.newWorkflowStub(AgentPipeline.class, id);
  }

  /** How a run ended: its result, and the failure if it did not succeed. */
  record Finished(RunResult result, WorkflowFailedException failure) {
    String failureType() {
      return failure.getCause() instanceof ApplicationFailure app ? app.getType() : null;
    }

    String failureMessage() {
      return ((io.temporal.failure.TemporalFailure) failure.getCause()).getOriginalMessage();
    }

    StepRecord step(String id) {
      return result.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
  }

  /** Waits (bounded) for the run to end; a failed or cancelled run's result comes from details. */
  Finished await(String id) {
    WorkflowStub stub = client.newUntypedWorkflowStub(id);
    try {
      return new Finished(stub.getResult(60, TimeUnit.SECONDS, RunResult.class), null);
    } catch (WorkflowFailedException e) {
      RunResult result;
      if (e.getCause() instanceof ApplicationFailure app) {
        result = app.getDetails().getSize() > 0 ? app.getDetails().get(RunResult.class) : null;
      } else if (e.getCause() instanceof CanceledFailure cancelled) {
        result =
            cancelled.getDetails().getSize() > 0
                ? cancelled.getDetails().get(RunResult.class)
                : null;
      } else {
        result = null;
      }
      return new Finished(result, e);
    } catch (TimeoutException e) {
      throw new AssertionError("run " + id + " did not end within 60 s", e);
    }
  }

  Finished run(String pipelineYaml) {
    return await(start(pipelineYaml));
  }

  /** The full progress form: outputs and tasks, as the tests read them. */
  RunResult progress(String id) {
    return handle(id).progress(ProgressQuery.FULL);
  }

  List<RunEvent> events(String id) {
    return handle(id).events(0, null);
  }

  static StepRecord step(RunResult result, String id) {
    return result.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  /** Polls a condition on queries until it holds; a bounded wait, not a fixed sleep. */
  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static Duration between(String from, String to) {
    return Duration.between(java.time.Instant.parse(from), java.time.Instant.parse(to));
  }

  /**
   * How many executions the run has had: each one after the first names the one it continued from.
   * (Read backwards from the latest: the test server's history of an execution that continued with
   * a timer pending can end without its continue-as-new event.)
   */
  int executions(String id) {
    int n = 1;
    String continuedFrom = continuedFrom(client.fetchHistory(id));
    while (!continuedFrom.isEmpty()) {
      n++;
      continuedFrom = continuedFrom(client.fetchHistory(id, continuedFrom));
    }
    return n;
  }

  private static String continuedFrom(io.temporal.common.WorkflowExecutionHistory history) {
    return history
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getContinuedExecutionRunId();
  }
}
