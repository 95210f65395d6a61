package dev.skein.agents.command;

import dev.skein.agents.Agent;
import dev.skein.agents.AgentCall;
import dev.skein.agents.AgentOutput;
import dev.skein.agents.HeartbeatDetails;
import dev.skein.agents.RetryDelays;
import dev.skein.agents.process.ByteWindow;
import dev.skein.agents.process.OwnSession;
import dev.skein.agents.process.ProcessTree;
import dev.skein.agents.process.StreamPump;
import dev.skein.agents.usage.Extraction;
import dev.skein.contract.FailureTypes;
import dev.skein.model.AgentConfig;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.ActivityWorkerShutdownException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kind: command}: any program as an agent. Started from an argv list, never through a shell,
 * so a rendered template value can only ever be data. Supervised from the activity thread:
 * heartbeats, stall detection, cancellation, and no process of its tree survives the attempt.
 */
public final class CommandAgent implements Agent {

  private static final Logger log = LoggerFactory.getLogger(CommandAgent.class);

  public static final String PROMPT_ENV = "SKEIN_PROMPT";
  static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
  static final long DEFAULT_MAX_OUTPUT = 256 * 1024;
  static final int STDERR_TAIL = 4096;

  /** How often the activity thread looks at the process, heartbeats and checks for a stall. */
  private static final Duration TICK = Duration.ofMillis(100);

  /** How long to wait for the output pipes to drain once the process tree is gone. */
  private static final long DRAIN_MS = 2000;

  private static final List<String> ALWAYS_PASSED = List.of("PATH", "HOME");

  @Override
  public AgentOutput run(AgentCall call) {
    AgentConfig config = call.config();
    PromptVia via = PromptVia.parse(config.promptVia(), call);
    Pattern rateLimit = rateLimitPattern(config, call);
    List<String> argv = argv(config, via, call);
    Path tempDir = null;
    try {
      Path workdir;
      if (config.workdir() == null || config.workdir().isBlank()) {
        tempDir = Files.createTempDirectory("skein-agent-");
        workdir = tempDir;
      } else {
        workdir = Path.of(config.workdir());
        if (!Files.isDirectory(workdir)) {
          throw call.configError("workdir '" + workdir + "' is not a directory on this worker.");
        }
      }
      return runIn(call, argv, via, workdir, rateLimit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(tempDir);
    }
  }

  private AgentOutput runIn(
      AgentCall call, List<String> argv, PromptVia via, Path workdir, Pattern rateLimit) {
    AgentConfig config = call.config();
    ProcessBuilder builder = new ProcessBuilder().directory(workdir.toFile());
    environment(builder.environment(), config, via, call);
    Process process;
    try {
      // In a session of its own, so a terminal's Ctrl-C reaches skein and not the agent.
      process = builder.command(OwnSession.command(argv, workdir)).start();
    } catch (IOException e) {
      throw cannotStart(call, argv, e.getMessage());
    }
    Duration grace =
        config.gracePeriodMs() == null ? DEFAULT_GRACE : Duration.ofMillis(config.gracePeriodMs());
    long maxOutput = config.maxOutputBytes() == null ? DEFAULT_MAX_OUTPUT : config.maxOutputBytes();

    ProcessTree tree = new ProcessTree(process.toHandle());
    AtomicLong lastOutput = new AtomicLong(System.nanoTime());
    ByteWindow stdout = ByteWindow.capped(maxOutput);
    ByteWindow stderr = ByteWindow.tail(STDERR_TAIL);
    StreamPump outPump =
        StreamPump.start("skein-stdout", process.getInputStream(), stdout, lastOutput);
    StreamPump errPump =
        StreamPump.start("skein-stderr", process.getErrorStream(), stderr, lastOutput);
    feedStdin(process, via == PromptVia.STDIN ? call.prompt() : null);

    boolean stalled = false;
    boolean settled = false;
    try {
      stalled = supervise(call, process, tree, stdout, lastOutput);
      settled = true;
    } catch (ActivityCompletionException e) {
      log.info(
          "{}", call.describe("stopping its processes (" + e.getClass().getSimpleName() + ")"));
      throw e;
    } finally {
      // Cancelled, interrupted, stalled or exited: nothing of the tree outlives the attempt.
      tree.terminate(grace);
      if (settled) {
        outPump.finish(DRAIN_MS);
        errPump.finish(DRAIN_MS);
      }
    }
    String stderrTail = stderr.text(false);
    if (stalled) {
      throw call.failure(
          FailureTypes.AGENT_STALLED,
          "no output for " + call.request().stallTimeoutMs() + " ms; the process was stopped.",
          true,
          null,
          stderrTail,
          null);
    }
    int exit = process.exitValue();
    Extraction extraction = call.extract(stdout.text());
    if (exit != 0) {
      Optional<String> notStarted = OwnSession.execFailure(exit, stderrTail);
      if (notStarted.isPresent()) {
        throw cannotStart(call, argv, notStarted.get());
      }
      call.spend(extraction.usage().orElse(null)); // a failed attempt was paid for too
      throw exitFailure(call, exit, stdout, stderrTail, rateLimit);
    }
    return new AgentOutput(
        extraction.text().orElse(stdout.text()),
        exit,
        stdout.truncated(),
        extraction.usage().orElse(null));
  }

  /**
   * Waits for the process while heartbeating. Returns true if it went silent for longer than the
   * stall timeout; a cancellation surfaces as the SDK's exception from the heartbeat.
   */
  private static boolean supervise(
      AgentCall call, Process process, ProcessTree tree, ByteWindow stdout, AtomicLong lastOutput) {
    long stallNanos =
        call.request().stallTimeoutMs() > 0
            ? TimeUnit.MILLISECONDS.toNanos(call.request().stallTimeoutMs())
            : Long.MAX_VALUE;
    while (true) {
      try {
        if (process.waitFor(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ActivityWorkerShutdownException();
      }
      tree.refresh();
      if (System.nanoTime() - lastOutput.get() > stallNanos) {
        return true;
      }
      call.heartbeat(new HeartbeatDetails(stdout.total(), stdout.lastLine()));
    }
  }

  /** Names the agent's own program, never the setsid that starts it. */
  private static RuntimeException cannotStart(AgentCall call, List<String> argv, String why) {
    return call.configError("could not start '" + argv.get(0) + "' on this worker: " + why + ".");
  }

  private static RuntimeException exitFailure(
      AgentCall call, int exit, ByteWindow stdout, String stderrTail, Pattern rateLimit) {
    String text = lastChars(stdout.text(), STDERR_TAIL) + "\n" + stderrTail;
    if (exit == 429 || (rateLimit != null && rateLimit.matcher(text).find())) {
      Duration delay = RetryDelays.fromText(text).orElse(null);
      return call.failure(
          FailureTypes.RATE_LIMITED,
          "rate limited (exit code "
              + exit
              + ")"
              + (delay == null ? "" : "; retrying after " + delay.toMillis() + " ms")
              + ".",
          true,
          exit,
          stderrTail,
          delay);
    }
    String lastLine = lastLine(stderrTail);
    return call.failure(
        FailureTypes.AGENT_FAILED,
        "command exited with code " + exit + (lastLine.isEmpty() ? "." : ": " + lastLine),
        true,
        exit,
        stderrTail,
        null);
  }

  private static List<String> argv(AgentConfig config, PromptVia via, AgentCall call) {
    if (config.command() == null
        || config.command().isEmpty()
        || config.command().get(0) == null
        || config.command().get(0).isBlank()) {
      throw call.configError("a command agent needs a non-empty 'command' list.");
    }
    List<String> argv = new ArrayList<>(config.command());
    if (via == PromptVia.ARG) {
      argv.add(call.prompt());
    }
    return argv;
  }

  /**
   * The child's environment is built from nothing: PATH, HOME and the names listed in {@code
   * pass_env} from the worker, then the agent's own {@code env}, so the worker's secrets stay where
   * they are unless a pipeline asks for them by name.
   */
  private static void environment(
      Map<String, String> env, AgentConfig config, PromptVia via, AgentCall call) {
    env.clear();
    List<String> names = new ArrayList<>(ALWAYS_PASSED);
    if (config.passEnv() != null) {
      names.addAll(config.passEnv());
    }
    for (String name : names) {
      String value = call.workerEnv().get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    if (config.env() != null) {
      env.putAll(config.env());
    }
    if (via == PromptVia.ENV) {
      env.put(PROMPT_ENV, call.prompt());
    }
  }

  /**
   * Writes the prompt verbatim and closes stdin on its own thread: a child that never reads stdin
   * must not block the activity on a full pipe. Without a stdin prompt, stdin is closed at once so
   * a child that does read it sees end of input.
   */
  private static void feedStdin(Process process, String prompt) {
    OutputStream stdin = process.getOutputStream();
    if (prompt == null) {
      closeQuietly(stdin);
      return;
    }
    Thread writer =
        new Thread(
            () -> {
              try (stdin) {
                stdin.write(prompt.getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                // the child exited or closed stdin without reading it all: its choice
              }
            },
            "skein-stdin");
    writer.setDaemon(true);
    writer.start();
  }

  private static Pattern rateLimitPattern(AgentConfig config, AgentCall call) {
    if (config.rateLimitPattern() == null || config.rateLimitPattern().isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(config.rateLimitPattern());
    } catch (PatternSyntaxException e) {
      throw call.configError("rate_limit_pattern is not a valid regular expression.");
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.length() > 300 ? last.substring(0, 300) + "..." : last;
  }

  private static String lastChars(String text, int n) {
    return text.length() <= n ? text : text.substring(text.length() - n);
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temp dir left behind is untidy, not wrong
    }
  }
}
