package dev.skein.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.contract.AgentRequest;
import dev.skein.model.AgentConfig;
import java.util.List;
import java.util.Map;

/** Builds requests and agent configurations for tests. */
final class Requests {

  static final ObjectMapper JSON = new ObjectMapper();

  private Requests() {}

  static AgentRequest request(AgentConfig agent, String prompt) {
    return request(agent, prompt, 0, null, null);
  }

  static AgentRequest request(
      AgentConfig agent, String prompt, long stallMs, JsonNode with, JsonNode schema) {
    return new AgentRequest(
        "wf-1",
        "run-1",
        "test",
        "review",
        null,
        prompt,
        "tester",
        agent,
        with == null ? JSON.createObjectNode() : with,
        stallMs,
        schema,
        null,
        null);
  }

  static AgentConfig command(String... argv) {
    return command(List.of(argv), null, null, null, null, null, null);
  }

  static AgentConfig command(
      List<String> argv,
      String promptVia,
      Map<String, String> env,
      List<String> passEnv,
      String rateLimitPattern,
      Long graceMs,
      Long maxOutput) {
    return AgentConfig.command(
        argv, promptVia, env, passEnv, null, rateLimitPattern, graceMs, maxOutput);
  }

  /** An agent of {@code kind} with nothing else configured. */
  static AgentConfig ofKind(String kind) {
    return AgentConfig.builtIn(kind);
  }

  static AgentConfig openai(String baseUrl, String apiKeyEnv, Boolean stream) {
    return AgentConfig.openai(baseUrl, "test-model", apiKeyEnv, stream, 0.2, 64, "Be brief.");
  }

  /**
   * A RunAgent stub whose heartbeats (and so cancellations) the SDK passes on every 0.8 x timeout.
   */
  static dev.skein.contract.AgentActivities stubWithHeartbeatTimeout(
      io.temporal.testing.TestActivityEnvironment env, java.time.Duration heartbeatTimeout) {
    return env.newActivityStub(
        dev.skein.contract.AgentActivities.class,
        io.temporal.activity.ActivityOptions.newBuilder()
            .setStartToCloseTimeout(java.time.Duration.ofMinutes(1))
            .setHeartbeatTimeout(heartbeatTimeout)
            .build());
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
