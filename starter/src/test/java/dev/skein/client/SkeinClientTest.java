package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.run.RunEvent;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepStatus;
import dev.skein.testing.SharedService;
import dev.skein.testkit.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The Java client as another service would use it, against a dev server and a real server. */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class SkeinClientTest {

  private static SkeinClient skein;

  @Parameter Tier tier;

  @BeforeParameterizedClassInvocation
  static void connect(Tier tier) {
    skein = SharedService.get(tier).connect();
  }

  @AfterParameterizedClassInvocation
  static void close() {
    skein.close();
  }

  private static JsonNode yaml(String text) throws Exception {
    return new YAMLMapper().readTree(text);
  }

  @Test
  void startsAFileAndReturnsItsResult(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("greet.yaml");
    Files.writeString(
        file,
        """
        name: greet
        description: Greets someone
        inputs: {who: nobody}
        steps:
          - id: hello
            prompt: "hello {{ inputs.who }}"
          - id: shout
            prompt: "{{ steps.hello.output }}!"
        """);

    RunHandle run =
        skein.start(file, Map.of("who", TextNode.valueOf("Ada")), StartOptions.defaults());
    RunResult result = run.result();

    assertThat(run.workflowId()).matches("greet-[0-9a-f]{16}");
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.workflowId()).isEqualTo(run.workflowId());
    assertThat(result.steps()).extracting(s -> s.id()).containsExactly("hello", "shout");
    assertThat(result.steps().get(1).output()).isEqualTo("hello Ada!");
    List<RunEvent> events = run.events(0);
    assertThat(events.get(0).type()).isEqualTo(RunEvent.RUN_STARTED);
    assertThat(events.get(events.size() - 1).type()).isEqualTo(RunEvent.RUN_COMPLETED);
    assertThat(run.events(events.get(events.size() - 2).seq())).hasSize(1);
    assertThat(run.progress().status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void aFailedRunReturnsItsResultWithTheFailedStep() throws Exception {
    RunHandle run =
        skein.start(
            yaml(
                """
                name: doomed
                steps:
                  - id: boom
                    agent: fail
                    with: {message: on purpose, times: 5, retryable: false}
                """),
            Map.of(),
            StartOptions.defaults().withWorkflowId("doomed-client-test"));

    RunResult result = run.resultAsync().get(60, TimeUnit.SECONDS);

    assertThat(run.workflowId()).isEqualTo("doomed-client-test");
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.steps().get(0).status()).isEqualTo(StepStatus.FAILED);
    assertThat(result.steps().get(0).error()).isNotNull();
  }

  @Test
  void cancelStopsARun() throws Exception {
    RunHandle run =
        skein.start(
            yaml(
                """
                name: long-nap
                steps:
                  - id: nap
                    agent: sleep
                    with: {duration: 60s}
                """),
            Map.of(),
            StartOptions.defaults());
    awaitStep(run, "nap", StepStatus.RUNNING);

    run.cancel();
    RunResult result = run.result();

    assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(result.steps().get(0).status()).isEqualTo(StepStatus.CANCELLED);
  }

  @Test
  void anInvalidPipelineIsRejectedBeforeAnythingStarts() throws Exception {
    JsonNode bad = yaml("name: bad\nsteps:\n  - id: a\n    agent: nobody-knows\n");
    assertThatThrownBy(
            () ->
                skein.start(bad, Map.of(), StartOptions.defaults().withWorkflowId("never-started")))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("nobody-knows");
    assertThatThrownBy(() -> skein.attach("never-started").isRunning())
        .isInstanceOf(RunNotFoundException.class);
  }

  @Test
  void anUnreachableServiceIsOneSentenceNamingTheAddress() {
    assertThatThrownBy(
            () -> SkeinClient.connect(ConnectionSettings.builder().address("127.0.0.1:1").build()))
        .isInstanceOf(UnreachableServiceException.class)
        .hasMessageContaining("127.0.0.1:1");
  }

  /** Polls the progress query until the step reaches {@code status}. */
  static void awaitStep(RunHandle run, String step, StepStatus status) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      RunResult progress = run.progress();
      if (progress.steps().stream().anyMatch(s -> s.id().equals(step) && s.status() == status)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(step + " never became " + status);
  }
}
