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
    Copy c = new Copy(COMMAND);
    c.command = command;
    c.promptVia = promptVia;
    c.env = env;
    c.passEnv = passEnv;
    c.workdir = workdir;
    c.rateLimitPattern = rateLimitPattern;
    c.gracePeriodMs = gracePeriodMs;
    c.maxOutputBytes = maxOutputBytes;
    return c.build();
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
    Copy c = new Copy(OPENAI);
    c.baseUrl = baseUrl;
    c.model = model;
    c.apiKeyEnv = apiKeyEnv;
    c.stream = stream;
    c.temperature = temperature;
    c.maxTokens = maxTokens;
    c.systemPrompt = systemPrompt;
    return c.build();
  }

  /** The configuration of a built-in agent ({@code echo}, {@code sleep}, {@code fail}). */
  public static AgentConfig builtIn(String kind) {
    return new Copy(kind).build();
  }

  /** This agent with its usage accounting. */
  public AgentConfig withAccounting(UsageSpec usage, Price price) {
    Copy c = new Copy(this);
    c.usage = usage;
    c.price = price;
    return c.build();
  }

  /** This agent with its templated fields replaced by their rendered values. */
  public AgentConfig rendered(List<String> command, Map<String, String> env, String workdir) {
    Copy c = new Copy(this);
    c.command = command;
    c.env = env;
    c.workdir = workdir;
    return c.build();
  }

  /**
   * The components by name, so the factories and copies set just the ones they mean and only here
   * are all of them listed. Private: nothing of it reaches the JSON, and the canonical constructor
   * (the one Jackson reads with) stays the only constructor.
   */
  private static final class Copy {
    private final String kind;
    private List<String> command;
    private String promptVia;
    private Map<String, String> env;
    private List<String> passEnv;
    private String workdir;
    private String rateLimitPattern;
    private Long gracePeriodMs;
    private Long maxOutputBytes;
    private String baseUrl;
    private String model;
    private String apiKeyEnv;
    private Boolean stream;
    private Double temperature;
    private Integer maxTokens;
    private String systemPrompt;
    private UsageSpec usage;
    private Price price;

    private Copy(String kind) {
      this.kind = kind;
    }

    private Copy(AgentConfig a) {
      this(a.kind);
      command = a.command;
      promptVia = a.promptVia;
      env = a.env;
      passEnv = a.passEnv;
      workdir = a.workdir;
      rateLimitPattern = a.rateLimitPattern;
      gracePeriodMs = a.gracePeriodMs;
      maxOutputBytes = a.maxOutputBytes;
      baseUrl = a.baseUrl;
      model = a.model;
      apiKeyEnv = a.apiKeyEnv;
      stream = a.stream;
      temperature = a.temperature;
      maxTokens = a.maxTokens;
      systemPrompt = a.systemPrompt;
      usage = a.usage;
      price = a.price;
    }

    private AgentConfig build() {
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
}
