package dev.skein.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A named agent's resolved configuration. It travels to the activity inside {@link
 * dev.skein.contract.AgentRequest}, so it holds no secrets: API keys are named by {@code
 * api_key_env} and read from the worker's environment.
 *
 * <p>Fields that do not apply to the agent's kind are null. Durations and sizes are already
 * converted ({@code grace_period: 10s} becomes {@code grace_period_ms: 10000}).
 *
 * @param usage how a command agent's usage is read from its output; null reads none
 * @param price turns tokens into cost where the agent reports none; null when not priced
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentConfig(
    String kind,
    // kind: command
    List<String> command,
    String promptVia,
    Map<String, String> env,
    List<String> passEnv,
    String workdir,
    String rateLimitPattern,
    Long gracePeriodMs,
    Long maxOutputBytes,
    // kind: openai
    String baseUrl,
    String model,
    String apiKeyEnv,
    Boolean stream,
    Double temperature,
    Integer maxTokens,
    String systemPrompt,
    // usage accounting (command: usage and price; openai: price)
    UsageSpec usage,
    Price price) {

  public static final String COMMAND = "command";
  public static final String OPENAI = "openai";
  public static final String ECHO = "echo";
  public static final String SLEEP = "sleep";
  public static final String FAIL = "fail";

  /** Every kind an agent may have; the built-in agents are named after their kind. */
  public static final List<String> KINDS = List.of(COMMAND, OPENAI, ECHO, SLEEP, FAIL);

  public static final List<String> BUILT_INS = List.of(ECHO, SLEEP, FAIL);

  /** A {@code kind: command} agent; the openai fields stay null. */
  public static AgentConfig command(
      List<String> command,
      String promptVia,
      Map<String, String> env,
      List<String> passEnv,
      String workdir,
      String rateLimitPattern,
      Long gracePeriodMs,
      Long maxOutputBytes) {
    return new AgentConfig(
        COMMAND,
        command,
        promptVia,
        env,
        passEnv,
        workdir,
        rateLimitPattern,
        gracePeriodMs,
        maxOutputBytes,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A {@code kind: openai} agent; the command fields stay null. */
  public static AgentConfig openai(
      String baseUrl,
      String model,
      String apiKeyEnv,
      Boolean stream,
      Double temperature,
      Integer maxTokens,
      String systemPrompt) {
    return new AgentConfig(
        OPENAI,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        baseUrl,
        model,
        apiKeyEnv,
        stream,
        temperature,
        maxTokens,
        systemPrompt,
        null,
        null);
  }

  /** The configuration of a built-in agent ({@code echo}, {@code sleep}, {@code fail}). */
  public static AgentConfig builtIn(String kind) {
    return new AgentConfig(
        kind, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  /** This agent with its usage accounting. */
  public AgentConfig withAccounting(UsageSpec usage, Price price) {
    return new AgentConfig(
        kind,
        command,
        promptVia,
        env,
        passEnv,
        workdir,
        rateLimitPattern,
        gracePeriodMs,
        maxOutputBytes,
        baseUrl,
        model,
        apiKeyEnv,
        stream,
        temperature,
        maxTokens,
        systemPrompt,
        usage,
        price);
  }
}
