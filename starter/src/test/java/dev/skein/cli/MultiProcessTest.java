package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.testing.Cli;
import dev.skein.testing.LogFiles;
import dev.skein.testkit.Ports;
import dev.skein.testkit.SharedTemporalServer;
import dev.skein.testkit.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Separate processes sharing one Temporal service — a {@code skein dev-server} in memory, or the
 * shared real server: workers, start, watch, status, timeline, cancel, and a worker stopped with
 * SIGTERM in the middle of an activity.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class MultiProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;
  private static final List<Process> processes = new ArrayList<>();
  private static Path dir;
  private static String address;

  @Parameter Tier tier;

  @BeforeParameterizedClassInvocation
  static void serviceAndTwoWorkers(Tier tier) throws Exception {
    dir = Files.createDirectories(root.resolve(tier.name().toLowerCase(Locale.ROOT)));
    if (tier == Tier.IN_MEMORY) {
      int port = Ports.free();
      address = "localhost:" + port;
      start("dev-server", "dev-server", "--port", String.valueOf(port));
      LogFiles.awaitContains(dir.resolve("dev-server.out"), "listening on", Duration.ofSeconds(30));
    } else {
      address = SharedTemporalServer.get().address();
    }
    // At most two activities each: four parallel steps cannot all land on one worker.
    for (String name : List.of("w1", "w2")) {
      start(
          name,
          "worker",
          "--address",
          address,
          "--task-queue",
          "mp",
          "--max-concurrent-activities",
          "2");
    }
    for (String name : List.of("w1", "w2")) {
      LogFiles.awaitContains(dir.resolve(name + ".err"), "polling", Duration.ofSeconds(30));
    }
    Files.writeString(
        dir.resolve("wide.yaml"),
        """
        name: wide
        description: Four naps side by side, then a join
        defaults: {task_queue: mp, max_concurrency: 4}
        steps:
          - {id: a, agent: sleep, with: {duration: 1s}}
          - {id: b, agent: sleep, with: {duration: 1s}}
          - {id: c, agent: sleep, with: {duration: 1s}}
          - {id: d, agent: sleep, with: {duration: 1s}}
          - {id: all, join: [a, b, c, d]}
        """);
    Files.writeString(
        dir.resolve("long.yaml"),
        """
        name: long
        defaults: {task_queue: mp}
        steps:
          - {id: nap, agent: sleep, with: {duration: 120s}}
        """);
  }

  @AfterParameterizedClassInvocation
  static void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    processes.clear();
  }

  private static Process start(String name, String... args) throws IOException {
    Process p =
        Cli.start(dir, dir.resolve(name + ".out"), dir.resolve(name + ".err"), Map.of(), args);
    processes.add(p);
    return p;
  }

  @Test
  void twoWorkerProcessesShareARunStartedAndWatchedFromOthers() throws Exception {
    Cli.Result started =
        Cli.run(dir, "start", "--address", address, "--task-queue", "mp", "wide.yaml");
    assertThat(started.exit()).as(started.toString()).isEqualTo(0);
    String id = started.out().strip();
    assertThat(id).matches("wide-[0-9a-f]{16}");

    Cli.Result watched = Cli.run(dir, "watch", "--address", address, id);

    assertThat(watched.exit()).as(watched.toString()).isEqualTo(0);
    assertThat(watched.out()).contains("started " + id).contains("run succeeded");
    for (String worker : List.of("w1", "w2")) {
      assertThat(Files.readString(dir.resolve(worker + ".err")))
          .as(worker + " ran agents")
          .containsPattern("workflow=" + id + " step=[a-d] - agent sleep finished");
    }

    Cli.Result status = Cli.run(dir, "status", "--address", address, "--json", id);
    assertThat(status.exit()).isEqualTo(0);
    JsonNode progress = JSON.readTree(status.out());
    assertThat(progress.path("status").asText()).isEqualTo("succeeded");
    assertThat(progress.path("steps").size()).isEqualTo(5);

    Cli.Result timeline = Cli.run(dir, "timeline", "--address", address, id);
    assertThat(timeline.out())
        .startsWith("gantt")
        .contains("dateFormat x")
        .contains("section level 0");
    assertThat(timeline.out().lines().filter(l -> l.contains("(succeeded) :done")).count())
        .isEqualTo(5);

    Cli.Result graph = Cli.run(dir, "graph", "--address", address, "--run", id);
    assertThat(graph.out()).contains("[succeeded]");
  }

  @Test
  void cancelEndsARunAndResultExitsOne() throws Exception {
    Cli.Result started =
        Cli.run(dir, "start", "--address", address, "--task-queue", "mp", "long.yaml");
    String id = started.out().strip();
    LogFiles.awaitContainsAny(
        List.of(dir.resolve("w1.err"), dir.resolve("w2.err")),
        "workflow=" + id + " step=nap - agent sleep started",
        Duration.ofSeconds(30));

    Cli.Result cancel = Cli.run(dir, "cancel", "--address", address, id);
    Cli.Result result = Cli.run(dir, "result", "--address", address, "--json", id);

    assertThat(cancel.exit()).as(cancel.toString()).isEqualTo(0);
    assertThat(result.exit()).as(result.toString()).isEqualTo(1);
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.path("status").asText()).isEqualTo("cancelled");
    assertThat(json.path("steps").get(0).path("status").asText()).isEqualTo("cancelled");
  }

  /**
   * The workflow stays on a worker that keeps running (queue {@code term-wf}); the agent runs on a
   * worker of queue {@code term} that is stopped mid-activity. On a real Temporal server a stopped
   * worker's cached workflows move too (the reliability tests show it); Temporal's in-memory server
   * has no sticky-queue timeout, so there only activities fail over.
   */
  @Test
  void aWorkerStoppedMidActivityExitsAndTheRunCarriesOnElsewhere() throws Exception {
    Files.writeString(
        dir.resolve("nap.yaml"),
        """
        name: nap
        defaults:
          task_queue: term
          heartbeat_timeout: 2s
          retry: {max_attempts: 3, initial_interval: 1s}
        steps:
          - {id: nap, agent: sleep, with: {duration: 4s}}
        """);
    start("t0", "worker", "--address", address, "--task-queue", "term-wf");
    Process first =
        start(
            "t1", "worker", "--address", address, "--task-queue", "term", "--shutdown-grace", "1s");
    LogFiles.awaitContains(dir.resolve("t0.err"), "polling", Duration.ofSeconds(30));
    LogFiles.awaitContains(dir.resolve("t1.err"), "polling", Duration.ofSeconds(30));
    Cli.Result started =
        Cli.run(dir, "start", "--address", address, "--task-queue", "term-wf", "nap.yaml");
    String id = started.out().strip();
    LogFiles.awaitContains(
        dir.resolve("t1.err"), "step=nap - agent sleep started", Duration.ofSeconds(30));

    first.destroy(); // SIGTERM

    assertThat(first.waitFor(20, TimeUnit.SECONDS)).as("worker exited").isTrue();
    assertThat(first.exitValue()).isEqualTo(0);
    assertThat(Files.readString(dir.resolve("t1.err")))
        .contains("SIGTERM received")
        .contains("grace period over")
        .contains("step=nap - agent sleep stopped after")
        .contains("this worker is shutting down");

    start("t2", "worker", "--address", address, "--task-queue", "term");
    Cli.Result result = Cli.run(dir, "result", "--address", address, "--json", id);

    assertThat(result.exit()).as(result.toString()).isEqualTo(0);
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.path("steps").get(0).path("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(Files.readString(dir.resolve("t2.err")))
        .contains("workflow=" + id + " step=nap - agent sleep finished");
  }
}
