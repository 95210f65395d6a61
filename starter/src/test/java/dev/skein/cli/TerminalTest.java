package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.Cli;
import dev.skein.testing.Screen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skein run} on a pseudo-terminal of a given size (python3's pty module drives it), with
 * what it wrote fed to a {@link Screen} of that size: what a person sees, and what the scrollback
 * collects.
 */
class TerminalTest {

  private static final Path DRIVER =
      Path.of("src", "test", "resources", "terminal", "pty-run.py").toAbsolutePath();

  /** A step id long enough that a row of the table is wider than 60 columns. */
  private static String id(int i) {
    return String.format("review-module-%02d-carefully-and-write-it-up", i);
  }

  @TempDir static Path dir;

  @BeforeAll
  static void files() throws Exception {
    String agents =
        """
        agents:
          sh:
            kind: command
            command: [sh, -c, 'cat >/dev/null; sleep 0.1; echo ok']
          # Ignores SIGTERM (and SIGINT): skein's cancellation ends it with SIGKILL after the grace.
          stubborn:
            kind: command
            command: [sh, -c, 'trap "" INT TERM; cat >/dev/null; exec sleep 60']
        """;
    StringBuilder big =
        new StringBuilder("name: big\n" + agents + "defaults: {agent: sh, max_concurrency: 4}\n");
    big.append("steps:\n");
    for (int i = 1; i <= 29; i++) {
      big.append("  - id: ").append(id(i)).append("\n    prompt: go\n");
    }
    big.append("  - id: last\n    prompt: done\n    depends_on: [")
        .append(
            IntStream.rangeClosed(1, 29)
                .mapToObj(TerminalTest::id)
                .collect(Collectors.joining(", ")))
        .append("]\n");
    Files.writeString(dir.resolve("big.yaml"), big);
    // Would save its work on SIGINT: it must never see the terminal's Ctrl-C, only skein's
    // cancellation (SIGTERM, which it does not trap). It writes its pids, then says it is armed.
    Files.writeString(
        dir.resolve("trapper.yaml"),
        "name: trapper\nagents:\n  trapper:\n    kind: command\n    command: [sh, -c, '"
            + "trap \"echo got-int > $0\" INT; cat >/dev/null; sleep 60 & echo $$ $! > $1; "
            + "echo armed; wait', '"
            + dir.resolve("got-int")
            + "', '"
            + dir.resolve("trapper.pids")
            + "']\nsteps:\n  - id: work\n    agent: trapper\n    prompt: z\n");
    Files.writeString(
        dir.resolve("stubborn.yaml"),
        "name: stubborn\n" + agents + "steps:\n  - id: nap\n    agent: stubborn\n    prompt: z\n");
  }

  /** What a run on a terminal of {@code rows} x {@code columns} wrote, and how it exited. */
  private record Session(int exit, String transcript) {}

  private static Session onTerminal(int rows, int columns, String ctrlCAfter, String... args)
      throws Exception {
    Path transcript = Files.createTempFile(dir, "pty", ".out");
    List<String> command =
        new ArrayList<>(
            List.of(
                "python3",
                DRIVER.toString(),
                String.valueOf(rows),
                String.valueOf(columns),
                transcript.toString(),
                ctrlCAfter,
                "--"));
    command.addAll(Cli.command(args));
    Process p =
        Cli.processBuilder(dir, Map.of("TERM", "xterm"), command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("driver.log").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the run on the terminal ended").isTrue();
    // Kept in target/ to look at when a test fails (cat -v shows the escapes).
    Files.copy(
        transcript,
        Path.of("target", "terminal-" + args[args.length - 1] + ".out"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return new Session(
        p.exitValue(), new String(Files.readAllBytes(transcript), StandardCharsets.UTF_8));
  }

  private static long copiesOfTheHeader(Screen screen, String pipeline) {
    return Stream.concat(screen.scrollback().stream(), screen.lines().stream())
        .filter(l -> l.startsWith(pipeline + "  " + pipeline + "-"))
        .count();
  }

  @Test
  void aTableTallerAndWiderThanTheTerminalKeepsItsHeaderAndBarOnScreen() throws Exception {
    Session s = onTerminal(20, 60, "-", "run", "big.yaml");
    assertThat(s.exit()).as(s.transcript()).isEqualTo(0);

    Screen screen = new Screen(20, 60);
    List<String> problems = new ArrayList<>();
    int[] repaints = {0};
    boolean[] summarised = {false};
    screen.feed(
        s.transcript(),
        at -> {
          repaints[0]++;
          List<String> lines = at.lines();
          int header = -1;
          for (int r = 0; r < lines.size(); r++) {
            if (lines.get(r).startsWith("big  big-")) {
              header = r;
            }
          }
          if (header < 0 || !lines.get(header).contains("[")) {
            problems.add("no header with its bar on screen:\n" + String.join("\n", lines));
            return;
          }
          for (int r = header; r < lines.size(); r++) {
            if (at.isContinuation(r)) {
              problems.add("row " + r + " is a wrapped line:\n" + String.join("\n", lines));
            }
            summarised[0] |= lines.get(r).contains("more steps:");
          }
        });

    assertThat(repaints[0]).as("the table was repainted").isGreaterThan(3);
    assertThat(problems).isEmpty();
    assertThat(summarised[0]).as("steps that do not fit are summed up in one line").isTrue();
    // The copy on screen when the run ended, perhaps scrolled up by the summary, and at most one
    // stale one: not one per repaint.
    assertThat(copiesOfTheHeader(screen, "big")).isBetween(1L, 2L);
  }

  @Test
  void ctrlCInEmbeddedModeSaysWhatItDoesAndASecondOneStopsWaiting() throws Exception {
    // The agent ignores SIGTERM too: its cancellation waits for the grace period, long enough
    // for the second Ctrl-C.
    Session s = onTerminal(24, 60, "nap |press Ctrl-C again", "run", "stubborn.yaml");

    assertThat(s.exit()).as(s.transcript()).isEqualTo(Follower.INTERRUPTED);
    Screen screen = new Screen(24, 60);
    screen.feed(s.transcript(), null);
    String all =
        (String.join("\n", screen.scrollback()) + String.join("\n", screen.lines()))
            .replaceAll("\\s+", "");
    assertThat(all)
        .contains("Ctrl-C:cancellingrunstubborn-")
        .contains("embeddedTemporalservicethatendswhenskeinexits")
        .contains("pressCtrl-Cagaintostopwaitingandexitnow")
        .contains("Stoppedwaitingforrunstubborn-")
        .contains("theembeddedservicestopswithskein");
    assertThat(all).as("the ^C the terminal echoed is erased, both times").doesNotContain("^C");
    // Erased at each Ctrl-C and not drawn again after the second: no copy is left at all.
    assertThat(copiesOfTheHeader(screen, "stubborn")).isZero();
  }

  @Test
  void ctrlCInEmbeddedModeReachesSkeinAndNotTheAgents() throws Exception {
    // Typed once the agent has set its trap and said so (the table shows its last line).
    Session s = onTerminal(24, 80, "armed", "run", "trapper.yaml");

    assertThat(s.exit()).as(s.transcript()).isEqualTo(ExitCodes.RUN_FAILED);
    assertThat(s.transcript().replaceAll("\\s+", "")).contains("Ctrl-C:cancellingruntrapper-");
    assertThat(dir.resolve("got-int")).as("the agent's SIGINT trap ran").doesNotExist();
    // The shell and its sleep: stopped by the cancellation, before skein exited.
    List<ProcessHandle> agent =
        Stream.of(Files.readString(dir.resolve("trapper.pids")).trim().split(" "))
            .map(pid -> ProcessHandle.of(Long.parseLong(pid)))
            .flatMap(java.util.Optional::stream)
            .toList();
    assertThat(agent).noneMatch(dev.skein.agents.process.ProcessTree::isRunning);
  }
}
