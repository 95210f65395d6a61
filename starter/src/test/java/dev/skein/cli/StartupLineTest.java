package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a terminal, an embedded {@code skein run} says at once that it is starting the service (issue
 * 15: nothing was printed while it started). Without a terminal the line is not printed, which the
 * other CLI tests, reading exact output from files, keep checking.
 */
class StartupLineTest {

  private static final String LINE = "Starting an embedded Temporal service...";

  @TempDir Path dir;

  @Test
  void aTerminalSeesTheStartBeforeTheServiceIsUp() throws Exception {
    Files.writeString(dir.resolve("one.yaml"), "name: one\nsteps:\n  - {id: greet, prompt: hi}\n");
    ProcessBuilder skein = Cli.builder(dir, Map.of("TERM", "xterm"), "run", "one.yaml");
    // util-linux script(1) runs the command on a pseudo-terminal and copies what it shows.
    String shell =
        skein.command().stream().map(StartupLineTest::quote).collect(Collectors.joining(" "));
    Path typescript = dir.resolve("terminal.txt");
    skein.command(List.of("script", "-qec", shell, "/dev/null"));
    skein.redirectOutput(typescript.toFile()).redirectErrorStream(true);
    Process p = skein.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    String shown = Files.readString(typescript, StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(shown).isZero();
    assertThat(shown).contains(LINE).contains("on an embedded Temporal service (started in");
    assertThat(shown.indexOf(LINE)).isLessThan(shown.indexOf("on an embedded Temporal service ("));
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
