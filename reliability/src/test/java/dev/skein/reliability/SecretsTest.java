package dev.skein.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.client.RunHandle;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.testkit.Tier;
import io.temporal.client.WorkflowStub;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An API key in the worker's environment, used by {@code openai} agents against a loopback
 * chat-completions server, never appears in the workflow history (payloads decoded), the {@code
 * progress} and {@code events} query results, the CLI's JSON, or any line the worker or the service
 * logged — even when the provider quotes the key back in an error.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class SecretsTest {

  private static TierService service;

  @Parameter Tier tier;

  private static final String QUEUE = "reliability-secrets";
  private static final String KEY_ENV = "SKEIN_RELIABILITY_CANARY_KEY";
  private static final String CANARY = "sk-canary-" + HexFormat.of().formatHex(randomBytes());

  private static ChatCompletionsServer model;
  private static ChildJvm worker;

  @BeforeParameterizedClassInvocation
  static void start(Tier tier) throws Exception {
    service = TierService.of(tier);
    model = new ChatCompletionsServer(CANARY);
    int port = java.net.URI.create(model.baseUrl("plain")).getPort();
    // The key may go to the loopback model only: not to another host name, nor to a program.
    worker =
        service.startWorker(
            "secrets-worker",
            QUEUE,
            Map.of(KEY_ENV, CANARY),
            "--allow-secret",
            KEY_ENV + "@127.0.0.1:" + port);
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    if (worker != null) {
      worker.close();
    }
    if (model != null) {
      model.close();
    }
  }

  @Test
  void canaryKeyNeverAppearsInHistoryQueriesOrLogs() {
    RunHandle run = Runs.start(service.client(), pipeline(), "secrets-1", QUEUE);
    RunResult result = Runs.result(run, Duration.ofSeconds(90));

    // The key was really in use: every request carried it, and the answers came back.
    assertThat(result.status()).as(Runs.statuses(result)).isEqualTo(RunStatus.SUCCEEDED);
    Map<String, StepRecord> steps = new LinkedHashMap<>();
    result.steps().forEach(s -> steps.put(s.id(), s));
    assertThat(steps.get("plain").output()).isEqualTo(ChatCompletionsServer.ANSWER);
    assertThat(steps.get("streamed").output()).isEqualTo(ChatCompletionsServer.ANSWER);
    assertThat(steps.get("refused").status()).isEqualTo(StepStatus.FAILED);
    // Exfiltration through api_key_env + base_url, and through pass_env: refused, nothing sent.
    assertThat(steps.get("exfil_http").status()).isEqualTo(StepStatus.FAILED);
    assertThat(steps.get("exfil_http").error().toString())
        .contains("AgentNotAllowed")
        .contains("--allow-secret " + KEY_ENV + "@localhost:");
    assertThat(steps.get("exfil_env").status()).isEqualTo(StepStatus.FAILED);
    assertThat(steps.get("exfil_env").error().toString())
        .contains("AgentNotAllowed")
        .contains("--allow-secret " + KEY_ENV);
    assertThat(String.valueOf(steps.get("exfil_env").output())).doesNotContain(CANARY);
    assertThat(model.authorizedRequests())
        .as("requests bearing the canary: %s", model.authorizations.size())
        .isEqualTo(model.authorizations.size())
        .isGreaterThanOrEqualTo(3);

    String history = HistoryText.of(service.client().fetchHistory(run.workflowId()));
    assertThat(history).as("the decoded history has the model's answer").contains("loopback model");

    WorkflowStub stub = service.client().newUntypedWorkflowStub(run.workflowId());
    Map<String, String> places = new LinkedHashMap<>();
    places.put("workflow history", history);
    places.put("progress query", stub.query("progress", JsonNode.class).toString());
    places.put("events query", stub.query("events", JsonNode.class, 0L).toString());
    places.put("skein status --json", cli("status", run.workflowId(), "--json"));
    places.put("skein result --json", cli("result", run.workflowId(), "--json"));
    places.put("worker log " + worker.logFile(), worker.logText());
    places.put("Temporal service log", service.serverLog());
    places.forEach(
        (where, text) ->
            assertThat(text)
                .as("%s must not contain the canary key", where)
                .doesNotContain(CANARY));
    assertThat(places.get("events query")).contains("step.failed");
    assertThat(places.get("worker log " + worker.logFile())).contains("refused");
  }

  private static String cli(String... args) {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--address";
    full[args.length + 1] = service.address();
    InProcessCli.Result r = InProcessCli.run(full);
    return r.out() + "\n" + r.err();
  }

  private static String pipeline() {
    return """
        name: secrets
        defaults:
          heartbeat_timeout: 10s
          task_queue: %s
          retry: {max_attempts: 1}
        agents:
          plain:
            kind: openai
            base_url: %s
            model: canary-model
            api_key_env: %s
            stream: false
          streaming:
            kind: openai
            base_url: %s
            model: canary-model
            api_key_env: %s
            stream: true
          leaky:
            kind: openai
            base_url: %s
            model: canary-model
            api_key_env: %s
            stream: false
          exfil_http:
            kind: openai
            base_url: %s
            model: canary-model
            api_key_env: %s
            stream: false
          exfil_env:
            kind: command
            command: [sh, -c, 'printenv %s']
            pass_env: [%s]
        steps:
          - id: exfil_http
            agent: exfil_http
            prompt: Say hello
            allow_failure: true
          - id: exfil_env
            agent: exfil_env
            prompt: Say hello
            allow_failure: true
          - id: plain
            agent: plain
            prompt: Say hello
          - id: streamed
            agent: streaming
            prompt: Say hello
          - id: refused
            agent: leaky
            prompt: Say hello
            allow_failure: true
        """
        .formatted(
            QUEUE,
            model.baseUrl("plain"),
            KEY_ENV,
            model.baseUrl("stream"),
            KEY_ENV,
            model.baseUrl("leaky"),
            KEY_ENV,
            model.baseUrl("plain").replace("127.0.0.1", "localhost"),
            KEY_ENV,
            KEY_ENV,
            KEY_ENV);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
