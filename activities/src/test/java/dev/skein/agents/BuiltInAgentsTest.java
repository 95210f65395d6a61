package dev.skein.agents;

import static dev.skein.agents.Failures.details;
import static dev.skein.agents.Failures.failureOf;
import static dev.skein.agents.Requests.json;
import static dev.skein.agents.Requests.request;
import static dev.skein.agents.Requests.stubWithHeartbeatTimeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentResult;
import dev.skein.contract.FailureTypes;
import dev.skein.model.AgentConfig;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in agents: echo, sleep and fail. */
class BuiltInAgentsTest {

  private TestActivityEnvironment env;
  private AgentActivities agents;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AgentActivitiesImpl(Map.of()));
    agents = stubWithHeartbeatTimeout(env, Duration.ofSeconds(10));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void echoReturnsThePrompt() {
    AgentResult result =
        agents.runAgent(request(AgentConfig.builtIn(AgentConfig.ECHO), "say $(this) verbatim"));

    assertThat(result.output()).isEqualTo("say $(this) verbatim");
    assertThat(result.exitCode()).isNull();
  }

  @Test
  void sleepHeartbeatsAndSaysHowLongItSlept() {
    java.util.List<HeartbeatDetails> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(HeartbeatDetails.class, beats::add);

    AgentResult result =
        agents.runAgent(
            request(
                AgentConfig.builtIn(AgentConfig.SLEEP),
                "",
                0,
                json("{\"duration\":\"300ms\"}"),
                null));

    assertThat(result.output()).isEqualTo("slept 300ms");
    // The SDK throttles what it sends; the first heartbeat always goes out: the one every attempt
    // sends as it starts, naming the call, so a client sees a worker has started it.
    assertThat(beats)
        .first()
        .satisfies(
            b -> {
              assertThat(b.step()).isNotBlank();
              assertThat(b.attempt()).isEqualTo(1);
              assertThat(b.bytesOut()).isZero();
            });
  }

  @Test
  void sleepReturnsThePromptWhenThereIsOne() {
    AgentResult result =
        agents.runAgent(
            request(
                AgentConfig.builtIn(AgentConfig.SLEEP),
                "done waiting",
                0,
                json("{\"duration\":\"10ms\"}"),
                null));

    assertThat(result.output()).isEqualTo("done waiting");
  }

  @Test
  void sleepIsCancellable() throws Exception {
    CountDownLatch sleeping = new CountDownLatch(1);
    env.setActivityHeartbeatListener(HeartbeatDetails.class, d -> sleeping.countDown());
    // the cancel arrives with a heartbeat reply; a 1 s timeout lets the SDK send one every 0.8 s
    AgentActivities quickBeats = stubWithHeartbeatTimeout(env, Duration.ofSeconds(1));
    CompletableFuture<AgentResult> running =
        CompletableFuture.supplyAsync(
            () ->
                quickBeats.runAgent(
                    request(
                        AgentConfig.builtIn(AgentConfig.SLEEP),
                        "",
                        0,
                        json("{\"duration\":\"1h\"}"),
                        null)));
    assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();

    env.requestCancelActivity();

    Throwable thrown = catchThrowable(() -> running.get(10, TimeUnit.SECONDS));
    assertThat(thrown).hasRootCauseInstanceOf(CanceledFailure.class);
  }

  @Test
  void sleepRejectsABadDuration() {
    ApplicationFailure failure =
        failureOf(
            () ->
                agents.runAgent(
                    request(
                        AgentConfig.builtIn(AgentConfig.SLEEP),
                        "",
                        0,
                        json("{\"duration\":\"soon\"}"),
                        null)));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_CONFIG_ERROR);
    assertThat(failure.getOriginalMessage()).contains("soon");
  }

  /** Attempts only exist under a retry policy, so fail runs inside a workflow. */
  @org.junit.jupiter.api.Nested
  class FailThroughRetries {

    private TestWorkflowEnvironment workflows;

    @BeforeEach
    void setUp() {
      workflows =
          TestWorkflowEnvironment.newInstance(
              TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
      Worker worker = workflows.newWorker("builtins");
      worker.registerWorkflowImplementationTypes(ProbeWorkflowImpl.class);
      worker.registerActivitiesImplementations(new AgentActivitiesImpl(Map.of()));
      workflows.start();
    }

    @AfterEach
    void tearDown() {
      workflows.close();
    }

    private AgentResult runFail(String with, int maxAttempts) {
      ProbeWorkflow workflow =
          workflows
              .getWorkflowClient()
              .newWorkflowStub(
                  ProbeWorkflow.class,
                  WorkflowOptions.newBuilder().setTaskQueue("builtins").build());
      return workflow.run(
          request(AgentConfig.builtIn(AgentConfig.FAIL), "finally", 0, json(with), null),
          maxAttempts);
    }

    @Test
    void failsTheFirstTimesThenSucceeds() {
      AgentResult result = runFail("{\"times\":2,\"message\":\"flaky\"}", 5);

      assertThat(result.output()).isEqualTo("finally");
      assertThat(result.attempt()).isEqualTo(3);
    }

    @Test
    void alwaysFailsWithoutTimesNamingTheStepAndAttempt() {
      ApplicationFailure failure = failureOf(() -> runFail("{\"message\":\"nope\"}", 2));

      assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_FAILED);
      assertThat(failure.getOriginalMessage()).contains("'review'").contains("nope");
      assertThat(details(failure).attempt()).isEqualTo(2);
    }

    @Test
    void aNonRetryableFailureStopsAtTheFirstAttempt() {
      ApplicationFailure failure = failureOf(() -> runFail("{\"times\":3,\"retryable\":false}", 5));

      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(details(failure).attempt()).isEqualTo(1);
    }
  }
}
