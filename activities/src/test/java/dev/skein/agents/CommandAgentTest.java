package dev.skein.agents;

import static dev.skein.agents.Failures.details;
import static dev.skein.agents.Failures.failureOf;
import static dev.skein.agents.Requests.command;
import static dev.skein.agents.Requests.json;
import static dev.skein.agents.Requests.request;
import static dev.skein.agents.Requests.stubWithHeartbeatTimeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skein.agents.process.OwnSession;
import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentFailureDetails;
import dev.skein.contract.AgentResult;
import dev.skein.contract.FailureTypes;
import dev.skein.model.AgentConfig;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kind: command} against real processes. */
class CommandAgentTest {

  private static final Map<String, String> WORKER_ENV =
      Map.of(
          "PATH",
          System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
          "HOME",
          System.getProperty("java.io.tmpdir"),
          "SKEIN_TEST_SHARED",
          "shared-value",
          "SKEIN_TEST_SECRET",
          "secret-value");

  private TestActivityEnvironment env;
  private AgentActivities agents;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new AgentActivitiesImpl(WORKER_ENV));
    agents = stubWithHeartbeatTimeout(env, Duration.ofSeconds(10));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private AgentResult run(List<String> argv, String prompt) {
    return agents.runAgent(request(command(argv, null, null, null, null, null, null), prompt));
  }

  /** The failure of a shell {@code script} run by an agent with a rate-limit pattern. */
  private ApplicationFailure rateLimitedFailureOf(String script) {
    AgentConfig agent =
        command(List.of("sh", "-c", script), null, null, null, "(?i)rate.?limit|429", null, null);
    return failureOf(() -> agents.runAgent(request(agent, "")));
  }

  @Test
  void capturesStdoutAndDeliversThePromptOnStdin() {
    AgentResult result = run(List.of("sh", "-c", "printf 'got: '; cat"), "hello agent");

    assertThat(result.output()).isEqualTo("got: hello agent");
    assertThat(result.exitCode()).isZero();
    assertThat(result.truncated()).isFalse();
    assertThat(result.attempt()).isEqualTo(1);
  }

  @Test
  void deliversThePromptThroughTheEnvironment() {
    AgentResult result =
        agents.runAgent(
            request(
                command(
                    List.of("sh", "-c", "printf %s \"$SKEIN_PROMPT\""),
                    "env",
                    null,
                    null,
                    null,
                    null,
                    null),
                "via env"));

    assertThat(result.output()).isEqualTo("via env");
  }

  @Test
  void deliversThePromptAsOneArgument() {
    AgentResult result =
        agents.runAgent(
            request(
                command(
                    List.of("sh", "-c", "printf '%s|' \"$@\"; printf '%s' $#", "sh", "first"),
                    "arg",
                    null,
                    null,
                    null,
                    null,
                    null),
                "two words"));

    assertThat(result.output()).isEqualTo("first|two words|2");
  }

  @Test
  void aPromptWithShellSyntaxArrivesVerbatim() {
    String hostile = "x; rm -rf / $(touch /tmp/skein-pwned) `id` && echo \"quoted\" 'single'";
    AgentResult viaStdin = run(List.of("cat"), hostile);
    AgentResult viaArg =
        agents.runAgent(
            request(
                command(List.of("printf", "%s"), "arg", null, null, null, null, null), hostile));

    assertThat(viaStdin.output()).isEqualTo(hostile);
    assertThat(viaArg.output()).isEqualTo(hostile);
    assertThat(new java.io.File("/tmp/skein-pwned")).doesNotExist();
  }

  @Test
  void passesOnlyAllowListedWorkerVariables() {
    AgentResult result =
        agents.runAgent(
            request(
                command(
                    List.of(
                        "sh",
                        "-c",
                        "echo \"shared=${SKEIN_TEST_SHARED-absent}\";"
                            + " echo \"secret=${SKEIN_TEST_SECRET-absent}\";"
                            + " echo \"own=${OWN-absent}\"; echo \"path=${PATH:+set}\""),
                    null,
                    Map.of("OWN", "own-value"),
                    List.of("SKEIN_TEST_SHARED"),
                    null,
                    null,
                    null),
                ""));

    assertThat(result.output())
        .isEqualTo("shared=shared-value\nsecret=absent\nown=own-value\npath=set\n");
  }

  @Test
  void heartbeatsShowBytesOutAndTheLastLine() {
    List<HeartbeatDetails> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(HeartbeatDetails.class, beats::add);

    // a 1 s heartbeat timeout makes the SDK send one every 0.8 s
    AgentActivities quickBeats = Requests.stubWithHeartbeatTimeout(env, Duration.ofSeconds(1));

    quickBeats.runAgent(
        request(command("sh", "-c", "echo 'cloning repo'; sleep 2; echo done"), ""));

    assertThat(beats)
        .extracting(HeartbeatDetails::bytesOut, HeartbeatDetails::lastLine)
        .contains(org.assertj.core.groups.Tuple.tuple(13L, "cloning repo"));
  }

  @Test
  void aBackgroundChildDoesNotOutliveAFinishedAttempt() {
    String marker = "skein-orphan-" + java.util.UUID.randomUUID();
    AgentResult result =
        run(List.of("sh", "-c", "sh -c 'sleep 1000' \"$0\" & echo started; sleep 0.5", marker), "");

    assertThat(result.output()).isEqualTo("started\n");
    assertThat(
            ProcessHandle.allProcesses()
                .filter(dev.skein.agents.process.ProcessTree::isRunning)
                .filter(p -> MarkedProcesses.carries(p, marker)))
        .isEmpty();
  }

  @Test
  void runsInAFreshTemporaryDirectoryThatIsRemovedAfterwards() {
    AgentResult result = run(List.of("sh", "-c", "pwd; ls -A | wc -l"), "");

    String[] lines = result.output().split("\n");
    assertThat(lines[0]).contains("skein-agent-");
    assertThat(lines[1].trim()).isEqualTo("0");
    assertThat(new java.io.File(lines[0])).doesNotExist();
  }

  @Test
  void nonZeroExitIsAgentFailedWithExitCodeAndStderrTail() {
    ApplicationFailure failure =
        failureOf(
            () -> run(List.of("sh", "-c", "echo working; echo 'boom: disk full' >&2; exit 3"), ""));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_FAILED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage())
        .contains("'review'")
        .contains("'tester'")
        .contains("code 3")
        .contains("boom: disk full");
    AgentFailureDetails details = details(failure);
    assertThat(details.attempt()).isEqualTo(1);
    assertThat(details.exitCode()).isEqualTo(3);
    assertThat(details.stderrTail()).isEqualTo("boom: disk full\n");
  }

  @Test
  void keepsOnlyTheLastFourKibOfStderr() {
    ApplicationFailure failure =
        failureOf(
            () ->
                run(
                    List.of(
                        "sh",
                        "-c",
                        "i=0; while [ $i -lt 2000 ]; do echo \"line $i\" >&2; i=$((i+1)); done;"
                            + " exit 1"),
                    ""));

    String tail = details(failure).stderrTail();
    assertThat(tail).hasSizeLessThanOrEqualTo(4096).endsWith("line 1999\n");
    assertThat(tail).doesNotContain("line 0\n");
  }

  @Test
  void hugeOutputIsTruncatedKeepingHeadAndTail() {
    AgentResult result =
        agents.runAgent(
            request(
                command(
                    List.of(
                        "sh",
                        "-c",
                        "echo FIRST; i=0; while [ $i -lt 20000 ]; do"
                            + " echo 'filler filler filler filler'; i=$((i+1)); done; echo LAST"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    4096L),
                ""));

    assertThat(result.truncated()).isTrue();
    assertThat(result.output()).startsWith("FIRST\n").endsWith("LAST\n").contains("bytes omitted");
    assertThat(result.output().length()).isLessThan(4096 + 100);
  }

  @Test
  void aSilentProcessIsStalled() {
    ApplicationFailure failure =
        failureOf(
            () ->
                agents.runAgent(
                    request(
                        command("sh", "-c", "echo started; exec sleep 60"), "", 500, null, null)));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_STALLED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("'review'").contains("no output");
  }

  @Test
  void rateLimitTextIsRateLimitedWithTheStatedDelay() {
    ApplicationFailure failure =
        rateLimitedFailureOf(
            "echo 'Error: rate limit exceeded, try again in 7 seconds' >&2; exit 1");

    assertThat(failure.getType()).isEqualTo(FailureTypes.RATE_LIMITED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
    assertThat(details(failure).exitCode()).isEqualTo(1);
  }

  @Test
  void rateLimitWithoutAFigureLeavesTheDelayToThePolicy() {
    ApplicationFailure failure = rateLimitedFailureOf("echo 'HTTP 429 Too Many Requests'; exit 2");

    assertThat(failure.getType()).isEqualTo(FailureTypes.RATE_LIMITED);
    assertThat(failure.getNextRetryDelay()).isNull();
  }

  @Test
  void aMissingProgramIsAConfigError() {
    ApplicationFailure failure = failureOf(() -> run(List.of("skein-no-such-program-xyz"), ""));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_CONFIG_ERROR);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("could not start 'skein-no-such-program-xyz' on this worker")
        .doesNotContain("setsid");
  }

  @Test
  void aScriptWhoseInterpreterIsMissingIsAConfigErrorNamingTheScript(@TempDir Path dir)
      throws Exception {
    Path script = dir.resolve("agent.sh");
    Files.writeString(script, "#!/nonexistent/skein-interpreter\necho hi\n");
    script.toFile().setExecutable(true);
    AgentConfig agent =
        AgentConfig.command(
            List.of("./agent.sh"), null, null, null, dir.toString(), null, null, null);

    ApplicationFailure failure = failureOf(() -> agents.runAgent(request(agent, "")));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_CONFIG_ERROR);
    assertThat(failure.getOriginalMessage())
        .contains("could not start './agent.sh' on this worker")
        .doesNotContain("setsid");
  }

  @Test
  void anAgentLeadsASessionAndProcessGroupOfItsOwn() {
    assumeTrue(OwnSession.available(), "setsid is not installed");

    ProcStat agent = ProcStat.parse(run(List.of("cat", "/proc/self/stat"), "").output());

    ProcStat worker = ProcStat.self();
    // A terminal's Ctrl-C goes to the worker's group; the agent is not in it.
    assertThat(agent.pgrp()).isEqualTo(agent.pid()).isNotEqualTo(worker.pgrp());
    assertThat(agent.session()).isEqualTo(agent.pid()).isNotEqualTo(worker.session());
    // setsid exec'd the program in place: the worker's child is the agent, whose tree it tracks.
    assertThat(agent.ppid()).isEqualTo(worker.pid());
  }

  @Test
  void outputMustMatchTheOutputSchema() {
    var schema = json("{\"type\":\"object\",\"required\":[\"verdict\"]}");
    AgentResult ok =
        agents.runAgent(request(command("cat"), "{\"verdict\":\"approve\"}", 0, null, schema));
    ApplicationFailure notJson =
        failureOf(() -> agents.runAgent(request(command("cat"), "not json", 0, null, schema)));
    ApplicationFailure wrongShape =
        failureOf(() -> agents.runAgent(request(command("cat"), "{\"other\":1}", 0, null, schema)));

    // The output is checked but not repeated as parsed JSON: each output is kept once.
    assertThat(ok.output()).isEqualTo("{\"verdict\":\"approve\"}");
    assertThat(ok.json()).isNull();
    assertThat(notJson.getType()).isEqualTo(FailureTypes.INVALID_OUTPUT);
    assertThat(wrongShape.getType()).isEqualTo(FailureTypes.INVALID_OUTPUT);
    assertThat(wrongShape.getOriginalMessage()).contains("verdict");
  }

  @Test
  void anUnknownKindIsANonRetryableConfigError() {
    AgentConfig config = Requests.ofKind("telepathy");
    ApplicationFailure failure = failureOf(() -> agents.runAgent(request(config, "")));

    assertThat(failure.getType()).isEqualTo(FailureTypes.AGENT_CONFIG_ERROR);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("telepathy");
    assertThat(details(failure).attempt()).isEqualTo(1);
  }
}
