package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.Cli;
import dev.skein.testkit.SharedTemporalServer;
import dev.skein.testkit.TemporalServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code skein worker} writes while its Temporal server is down and when it comes back
 * (issue 15: over a thousand lines of stack traces in three minutes), and how it stops on SIGTERM
 * when idle. A real {@code temporal server start-dev} of its own, killed and restarted on the same
 * database and port, and a real worker process.
 */
class WorkerLogsTest {

  /** How long the server stays down: the watcher's backoff makes a handful of attempts in this. */
  private static final long DOWN_MS = 8_000;

  @TempDir Path dir;

  @Test
  void oneLinePerReconnectAttemptThenReconnectedAndAQuietQuickStop() throws Exception {
    Path err = dir.resolve("worker.err");
    try (TemporalServer server = TemporalServer.builder().name("worker-logs").start()) {
      Process worker =
          Cli.start(
              dir,
              dir.resolve("worker.out"),
              err,
              Map.of(),
              "worker",
              "--address",
              server.address());
      try {
        awaitLine(err, "worker polling", worker);
        int before = lines(err).size();

        server.kill();
        Thread.sleep(DOWN_MS);
        List<String> down = lines(err).subList(before, lines(err).size());
        assertThat(String.join("\n", down))
            .contains("lost the Temporal service at " + server.address())
            .contains("reconnect attempt 1 to " + server.address() + " failed")
            .doesNotContain("Exception")
            .doesNotContain("\tat ");
        // 1 s, 2 s, 4 s... between attempts: about five lines in eight seconds, not hundreds.
        assertThat(down).as(String.join("\n", down)).hasSizeBetween(2, 8);

        server.restart();
        awaitLine(err, "reconnected to the Temporal service at " + server.address(), worker);

        int beforeStop = lines(err).size();
        worker.destroy(); // SIGTERM
        // Idle: it must not sit out the 30 s grace period.
        assertThat(worker.waitFor(25, TimeUnit.SECONDS)).as(Files.readString(err)).isTrue();
        assertThat(worker.exitValue()).as(Files.readString(err)).isZero();
        List<String> stop = lines(err).subList(beforeStop, lines(err).size());
        assertThat(String.join("\n", stop))
            .contains("SIGTERM received")
            .contains("worker stopped")
            .doesNotContain("WARN")
            .doesNotContain("Exception")
            .doesNotContain("\tat ");
      } finally {
        worker.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * An idle worker leaves soon after it says "worker stopped", and says nothing more (issue 15: it
   * sat about 2 s, then 8 s, after that line). Its own queue on the shared server, so it takes no
   * other test's work.
   */
  @Test
  void anIdleWorkerExitsSoonAfterSigtermAndSaysNothingAfterWorkerStopped() throws Exception {
    Path err = dir.resolve("idle.err");
    Process worker =
        Cli.start(
            dir,
            dir.resolve("idle.out"),
            err,
            Map.of(),
            "worker",
            "--address",
            SharedTemporalServer.get().address(),
            "--task-queue",
            "idle-stop");
    try {
      awaitLine(err, "worker polling", worker);
      long signalled = System.nanoTime();
      worker.destroy(); // SIGTERM
      long stopped = 0;
      long deadline = signalled + TimeUnit.SECONDS.toNanos(10);
      while (worker.isAlive() && System.nanoTime() < deadline) {
        if (stopped == 0 && Files.readString(err).contains("worker stopped")) {
          stopped = System.nanoTime();
        }
        Thread.sleep(10);
      }
      assertThat(worker.waitFor(0, TimeUnit.SECONDS)).as(Files.readString(err)).isTrue();
      long exited = System.nanoTime();
      assertThat(worker.exitValue()).as(Files.readString(err)).isZero();
      String log = Files.readString(err);
      assertThat(log).contains("SIGTERM received").contains("worker stopped");
      String after = log.substring(log.indexOf("worker stopped") + "worker stopped".length());
      assertThat(after.strip()).as("after 'worker stopped'").isEmpty();
      System.out.printf(
          "idle worker: exit %d ms after SIGTERM, %s ms after 'worker stopped' was seen%n",
          TimeUnit.NANOSECONDS.toMillis(exited - signalled),
          stopped == 0 ? "?" : String.valueOf(TimeUnit.NANOSECONDS.toMillis(exited - stopped)));
    } finally {
      worker.destroyForcibly().waitFor();
    }
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file);
  }

  private static void awaitLine(Path file, String text, Process process) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    while (!Files.readString(file).contains(text)) {
      assertThat(process.isAlive()).as(Files.readString(file)).isTrue();
      assertThat(System.currentTimeMillis())
          .as("no '" + text + "' in\n" + Files.readString(file))
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
