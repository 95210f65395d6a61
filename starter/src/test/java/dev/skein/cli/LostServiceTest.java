package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.Cli;
import dev.skein.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that goes away while {@code watch} follows a run: watch ends with exit 3 and says what
 * it lost. It needs a service this test may stop, so it starts its own {@code skein dev-server}
 * rather than using a shared one.
 */
class LostServiceTest {

  @TempDir Path dir;

  @Test
  void watchSaysTheServiceIsLostAndExitsThreeWithinTenSeconds() throws Exception {
    Files.writeString(dir.resolve("p.yaml"), "name: p\nsteps:\n  - id: a\n    prompt: hello\n");
    int port = Ports.free();
    String address = "localhost:" + port;
    Process server =
        Cli.start(
            dir,
            dir.resolve("server.out"),
            dir.resolve("server.err"),
            Map.of(),
            "dev-server",
            "-p",
            String.valueOf(port));
    Process watch = null;
    try {
      long up = System.currentTimeMillis() + 60_000;
      while (!Files.readString(dir.resolve("server.out")).contains("listening")
          && System.currentTimeMillis() < up) {
        Thread.sleep(200);
      }
      Cli.Result start =
          Cli.run(dir, "start", "--address", address, "-q", "nobody", "--id", "lost", "p.yaml");
      assertThat(start.exit()).as(start.toString()).isEqualTo(0);
      Path err = dir.resolve("watch.err");
      watch =
          Cli.start(
              dir, dir.resolve("watch.out"), err, Map.of(), "watch", "--address", address, "lost");
      long deadline = System.currentTimeMillis() + 60_000;
      while (!Files.readString(err).contains("Waiting for a worker")
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertThat(Files.readString(err)).contains("Waiting for a worker");

      server.destroy();
      server.waitFor();

      // Exit 3 within 10 s, plus slack for a loaded two-core machine.
      assertThat(watch.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(err)).isTrue();
      String said = Files.readString(err);
      assertThat(watch.exitValue()).as(said).isEqualTo(3);
      assertThat(said)
          .contains("Lost the Temporal service at " + address)
          .contains("skein watch --address " + address + " lost");
      FailureMessagesTest.assertClean(
          new Cli.Result(3, Files.readString(dir.resolve("watch.out")), said));
    } finally {
      if (watch != null) {
        watch.destroyForcibly().waitFor();
      }
      server.destroyForcibly().waitFor();
    }
  }
}
