package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.client.RunHandle;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.testing.Cli;
import dev.skein.testing.Screen;
import dev.skein.testing.SharedService;
import dev.skein.testkit.Tier;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    // For a real service: the shared worker in this JVM runs the agent, so the terminal's SIGINT
    // reaches skein alone. Long enough to answer the question, short enough to wait for.
    Files.writeString(
        dir.resolve("doze.yaml"),
        """
        name: doze
        agents:
          nap:
            kind: command
            command: [sh, -c, 'cat >/dev/null; sleep 4; echo rested']
        steps:
          - {id: nap, agent: nap, prompt: z}
        """);
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

  /** Everything the screen showed: scrollback and screen, whitespace (and so wrapping) removed. */
  private static String seen(Screen screen) {
    return (String.join("\n", screen.scrollback()) + String.join("\n", screen.lines()))
        .replaceAll("\\s+", "");
  }

  /** The id skein printed when it started the run. */
  private static String runId(String transcript) {
    var m = java.util.regex.Pattern.compile("Started (doze-[0-9a-f]+)").matcher(transcript);
    assertThat(m.find()).as(transcript).isTrue();
    return m.group(1);
  }

  /**
   * On a real service Ctrl-C asks; "d", or Enter alone (the default), detaches: skein exits 0 with
   * a hint that works when pasted, and the run goes on without it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"d\\r", "\\r"})
  void ctrlCOnARealServiceAsksAndDetaches(String answer) throws Exception {
    SharedService service = SharedService.get(Tier.REAL_SERVER);
    Session s =
        onTerminal(
            24, 80, "nap |[c/D] =>" + answer, "run", "--address", service.address(), "doze.yaml");

    assertThat(s.exit()).as(s.transcript()).isEqualTo(ExitCodes.OK);
    String id = runId(s.transcript());
    Screen screen = new Screen(24, 80);
    screen.feed(s.transcript(), null);
    String hint = "skeinwatch--address" + service.address() + id;
    assertThat(seen(screen))
        .contains("Detached:run" + id + "keepsrunning.Followitagainwith:" + hint)
        .as("the question and its answer are gone once answered")
        .doesNotContain("[c/D]")
        .as("so is the ^C the terminal echoed")
        .doesNotContain("^C");
    assertThat(copiesOfTheHeader(screen, "doze")).as("no stale table is left").isZero();

    RunHandle handle = service.connect().attach(id);
    assertThat(handle.isRunning()).as("the run goes on after skein left").isTrue();
    // The hint, pasted: it follows the run to its end on the same service.
    Cli.Result watched = Cli.run(dir, "watch", "--address", service.address(), id);
    assertThat(watched.exit()).as(watched.toString()).isEqualTo(ExitCodes.OK);
    RunResult result = handle.result();
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  /** "c" cancels: the service ends the run cancelled, skein says so and exits 1. */
  @Test
  void ctrlCOnARealServiceAsksAndCancels() throws Exception {
    SharedService service = SharedService.get(Tier.REAL_SERVER);
    Session s =
        onTerminal(24, 80, "nap |[c/D] =>c\\r", "run", "--address", service.address(), "doze.yaml");

    assertThat(s.exit()).as(s.transcript()).isEqualTo(ExitCodes.RUN_FAILED);
    String id = runId(s.transcript());
    assertThat(service.connect().attach(id).result().status()).isEqualTo(RunStatus.CANCELLED);
    Screen screen = new Screen(24, 80);
    screen.feed(s.transcript(), null);
    assertThat(seen(screen))
        .contains("Ctrl-C:cancellationrequestedforrun" + id)
        .contains("runcancelled")
        .doesNotContain("[c/D]")
        .doesNotContain("^C");
    // The table drawn before the question is erased; the one left is the final one.
    assertThat(copiesOfTheHeader(screen, "doze")).isEqualTo(1);
    assertThat(screen.lines()).anyMatch(l -> l.matches("\\s*nap\\s+cancelled\\s+\\S+"));
  }
}
