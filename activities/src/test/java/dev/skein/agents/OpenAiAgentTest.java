package dev.skein.agents;

import static dev.skein.agents.Failures.details;
import static dev.skein.agents.Requests.openai;
import static dev.skein.agents.Requests.request;
import static dev.skein.agents.Requests.stubWithHeartbeatTimeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentResult;
import dev.skein.contract.FailureTypes;
import dev.skein.run.Usage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code kind: openai} against a loopback chat-completions server. */
class OpenAiAgentTest {

  private static final String KEY = "sk-test-0123456789abcdef";
  private static final String KEY_VAR = "SKEIN_TEST_OPENAI_KEY";

  private ChatServer server;
  private TestActivityEnvironment env;
  private AgentActivities agents;

  @BeforeEach
  void setUp() throws Exception {
    server = new ChatServer();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AgentActivitiesImpl(Map.of(KEY_VAR, KEY)));
    agents = stubWithHeartbeatTimeout(env, Duration.ofSeconds(10));
  }

  @AfterEach
  void tearDown() {
    env.close();
    server.close();
  }

  private AgentResult run(String scenario, Boolean stream) {
    return agents.runAgent(request(openai(server.baseUrl(scenario), KEY_VAR, stream), "Say hello"));
  }

  private ApplicationFailure failureOf(String scenario) {
    return Failures.failureOf(() -> run(scenario, false));
  }

  @Test
  void streamsTheReplyWithUsageAndSendsTheKeyAsBearer() {
    AgentResult result = run("stream", null);

    assertThat(result.output()).isEqualTo("Hello, world");
    assertThat(result.usage()).isEqualTo(new Usage(9, 3, 0, null));
    assertThat(result.exitCode()).isNull();
    assertThat(server.authorizations).containsExactly("Bearer " + KEY);
    JsonNode body = server.bodies.get(0);
    assertThat(body.get("model").asText()).isEqualTo("test-model");
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(body.at("/messages/0/content").asText()).isEqualTo("Be brief.");
    assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
    assertThat(body.at("/messages/1/content").asText()).isEqualTo("Say hello");
  }

  @Test
  void readsAPlainReply() {
    AgentResult result = run("plain", false);

    assertThat(result.output()).isEqualTo("plain answer");
    assertThat(result.usage()).isEqualTo(new Usage(12, 2, 0, null));
    assertThat(server.bodies.get(0).get("stream").asBoolean()).isFalse();
    assertThat(server.bodies.get(0).has("stream_options")).isFalse();
  }

  @Test
  void withoutApiKeyEnvNoAuthorizationIsSent() {
    agents.runAgent(request(openai(server.baseUrl("plain"), null, false), "hi"));

    assertThat(server.authorizations).containsExactly("null");
  }

  @Test
  void tooManyRequestsIsRateLimitedWithTheRetryAfterDelay() {
    ApplicationFailure failure = failureOf("limited");

    assertThat(failure.getType()).isEqualTo(FailureTypes.RATE_LIMITED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(details(failure).attempt()).isEqualTo(1);
  }

  @Test
  void badRequestIsNonRetryableWithTheServersMessage() {
    ApplicationFailure failure = failureOf("bad");

    assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_FAILED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("'review'")
        .contains("400")
        .contains("model 'test-model' does not exist");
  }

  @Test
  void serverErrorIsRetryable() {
    ApplicationFailure failure = failureOf("broken");

    assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_FAILED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("500").contains("upstream exploded");
  }

  @Test
  void theKeyNeverAppearsInAFailureEvenWhenTheServerEchoesIt() {
    ApplicationFailure failure = failureOf("leaky");

    assertThat(server.authorizations).containsExactly("Bearer " + KEY);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("Incorrect API key").doesNotContain(KEY);
    assertThat(String.valueOf(details(failure))).doesNotContain(KEY);
  }

  @Test
  void aMissingKeyVariableIsAConfigErrorNamingIt() {
    ApplicationFailure failure =
        Failures.failureOf(
            () ->
                agents.runAgent(
                    request(openai(server.baseUrl("plain"), "SKEIN_NO_SUCH_KEY", false), "hi")));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_CONFIG_ERROR);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("SKEIN_NO_SUCH_KEY");
    assertThat(server.bodies).isEmpty();
  }

  @Test
  void anUnreachableServerIsRetryable() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ApplicationFailure failure =
        Failures.failureOf(
            () ->
                agents.runAgent(
                    request(openai("http://127.0.0.1:" + port + "/v1", null, true), "hi")));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_FAILED);
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void cancellationMidStreamClosesTheConnection() throws Exception {
    // the cancel arrives with a heartbeat reply; a 1 s timeout lets the SDK send one every 0.8 s
    AgentActivities quickBeats = stubWithHeartbeatTimeout(env, Duration.ofSeconds(1));
    CompletableFuture<AgentResult> running =
        CompletableFuture.supplyAsync(
            () ->
                quickBeats.runAgent(
                    request(openai(server.baseUrl("endless"), KEY_VAR, true), "Say hello")));
    assertThat(server.endlessStarted.await(10, TimeUnit.SECONDS)).isTrue();

    env.requestCancelActivity();

    assertThat(server.endlessClosed.await(10, TimeUnit.SECONDS))
        .as("the server's next write fails because the client closed the connection")
        .isTrue();
    Throwable thrown = catchThrowable(() -> running.get(10, TimeUnit.SECONDS));
    assertThat(thrown).isNotNull();
  }
}
