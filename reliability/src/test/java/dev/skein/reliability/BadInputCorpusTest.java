package dev.skein.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.contract.FailureTypes;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineDocument;
import dev.skein.testkit.HostileDocuments;
import dev.skein.testkit.Ports;
import dev.skein.testkit.Tier;
import dev.skein.worker.WorkerSettings;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bad-input corpus ({@code workflows/src/test/resources/bad-inputs}, with the fragment each
 * rejection must name in {@code expected.tsv}, and the hostile documents made when the tests run)
 * through the doors a user or a program takes: {@code skein validate}, {@code skein run}, and the
 * raw Temporal API, where the workflow itself must end the run with {@code InvalidPipeline} instead
 * of retrying a workflow task forever.
 */
class BadInputCorpusTest {

  private static final Path CORPUS =
      Path.of("..", "workflows", "src", "test", "resources", "bad-inputs");
  private static final String QUEUE = "reliability-bad-input";

  /** Catches a hang or a runaway parse; the issue's 2 s target is reported, not asserted. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  /** How long a rejected run may take to close; a stuck one never would. */
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(60);

  /** Raw text above this is not sent as a workflow input (servers cap payloads at 2 MB). */
  private static final int MAX_TEXT_INPUT = 1 << 20;

  @Test
  void corpusHasAtLeastThirtyDocuments() throws IOException {
    assertThat(expected()).hasSizeGreaterThanOrEqualTo(30);
  }

  @Test
  void skeinValidateRejectsEveryDocumentWithExitTwoNamingTheProblem() throws IOException {
    assertCliRejectsAll("validate");
  }

  @Test
  void skeinRunRejectsEveryDocumentWithExitTwoBeforeStartingAnything() throws IOException {
    // An address nothing listens on: a run that got past validation would exit 3, not 2.
    String nowhere = "127.0.0.1:" + Ports.free();
    assertCliRejectsAll("run", "--address", nowhere);
  }

  private static void assertCliRejectsAll(String command, String... options) throws IOException {
    long slowest = 0;
    String slowestFile = null;
    for (Map.Entry<String, String> e : expected().entrySet()) {
      Path file = file(e.getKey());
      List<String> args = new ArrayList<>(List.of(command, file.toString()));
      args.addAll(List.of(options));
      long t0 = System.nanoTime();
      InProcessCli.Result r = InProcessCli.run(args.toArray(String[]::new));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      if (ms > slowest) {
        slowest = ms;
        slowestFile = e.getKey();
      }
      assertThat(r.exit()).as("skein %s %s\n%s", command, e.getKey(), r).isEqualTo(2);
      assertThat(r.err().toLowerCase(Locale.ROOT))
          .as("skein %s %s names the problem\n%s", command, e.getKey(), r)
          .contains(e.getValue());
      assertThat(Duration.ofMillis(ms)).as("time for %s", e.getKey()).isLessThan(HANG_GUARD);
    }
    System.out.printf(
        "[reliability] skein %s rejected %d bad documents; slowest %s in %d ms%n",
        command, expected().size(), slowestFile, slowest);
  }

  /**
   * Every document is sent as the workflow input the way another SDK or the Temporal CLI would:
   * those that read as a tree as that tree, the rest (syntax errors, junk) as their raw text. Each
   * run must close, failed with {@code InvalidPipeline}; tree documents name their problem too.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Tier.class)
  void temporalApiRunsOfEveryDocumentEndWithInvalidPipeline(Tier tier) throws Exception {
    try (InProcessTemporal temporal =
        InProcessTemporal.start(
            tier, new WorkerSettings(List.of(QUEUE), 32, 16, Duration.ofSeconds(1), Map.of()))) {
      startEveryDocumentAndCheck(tier, temporal.workflowClient());
    }
  }

  private static void startEveryDocumentAndCheck(Tier tier, WorkflowClient client)
      throws Exception {
    Map<String, WorkflowStub> stubs = new LinkedHashMap<>();
    Map<String, CompletableFuture<JsonNode>> results = new LinkedHashMap<>();
    Map<String, Boolean> sentAsTree = new LinkedHashMap<>();
    for (String name : expected().keySet()) {
      Path file = file(name);
      JsonNode pipeline;
      try {
        pipeline = PipelineDocument.read(file).tree();
        sentAsTree.put(name, true);
      } catch (InvalidPipelineException notATree) {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > MAX_TEXT_INPUT) {
          continue;
        }
        pipeline = TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
        sentAsTree.put(name, false);
      }
      WorkflowStub stub =
          client.newUntypedWorkflowStub(
              "AgentPipeline",
              WorkflowOptions.newBuilder()
                  .setTaskQueue(QUEUE)
                  .setWorkflowId("bad-" + name.replace('.', '-'))
                  .build());
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("pipeline", pipeline);
      input.put("inputs", Map.of());
      stub.start(input);
      stubs.put(name, stub);
      results.put(name, stub.getResultAsync(JsonNode.class));
    }
    assertThat(sentAsTree.values()).as("documents sent as trees").contains(true);

    List<String> stuck = new ArrayList<>();
    for (Map.Entry<String, CompletableFuture<JsonNode>> e : results.entrySet()) {
      String name = e.getKey();
      WorkflowStub stub = stubs.get(name);
      Throwable failure;
      try {
        JsonNode result = e.getValue().get(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        throw new AssertionError(name + " was accepted and ran: " + result);
      } catch (TimeoutException stillOpen) {
        stuck.add(name);
        stub.terminate("stuck in the reliability test");
        continue;
      } catch (java.util.concurrent.ExecutionException ex) {
        failure = ex.getCause();
      }
      assertThat(failure).as(name).isInstanceOf(WorkflowFailedException.class);
      assertThat(failure.getCause()).as(name).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure app = (ApplicationFailure) failure.getCause();
      assertThat(app.getType())
          .as("%s: %s", name, app.getOriginalMessage())
          .isEqualTo(FailureTypes.INVALID_PIPELINE);
      assertThat(app.isNonRetryable()).as(name).isTrue();
      if (sentAsTree.get(name)) {
        assertThat(app.getOriginalMessage().toLowerCase(Locale.ROOT))
            .as("%s names the problem", name)
            .contains(expected().get(name));
      }
      assertThat(stub.describe().getStatus())
          .as(name)
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
    }
    assertThat(stuck).as("runs still open after %s s", CLOSE_LIMIT.toSeconds()).isEmpty();
    System.out.printf(
        "[reliability] Temporal API on the %s: %d bad documents (%d as trees) each ended"
            + " InvalidPipeline%n",
        tier, results.size(), sentAsTree.values().stream().filter(b -> b).count());
  }

  /** File name -> lowercase fragment of its rejection message. */
  /** The hostile documents, written when the tests run (testkit {@link HostileDocuments}). */
  @TempDir static Path hostileDir;

  private static Map<String, String> hostile;

  private static Path file(String name) throws IOException {
    return hostile().containsKey(name) ? hostileDir.resolve(name) : CORPUS.resolve(name);
  }

  private static synchronized Map<String, String> hostile() {
    if (hostile == null) {
      hostile = HostileDocuments.writeTo(hostileDir);
    }
    return hostile;
  }

  private static Map<String, String> expected() throws IOException {
    Map<String, String> expected = new LinkedHashMap<>(hostile());
    for (String line : Files.readAllLines(CORPUS.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      expected.put(cells[0], cells[1]);
    }
    return expected;
  }
}
