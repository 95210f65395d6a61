package dev.skein.cli;

import dev.skein.agents.process.ProcessTree;
import dev.skein.client.RunHandle;
import dev.skein.client.RunNotFoundException;
import dev.skein.client.SkeinClient;
import dev.skein.run.FailedAttempt;
import dev.skein.run.LiveAttempt;
import dev.skein.run.RunEvent;
import dev.skein.run.RunResult;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Follows a run through its {@code events} query (every 200 ms) until it ends: one line per event,
 * or on a terminal a status table with a progress bar redrawn in place.
 *
 * <p>Ctrl-C asks whether to cancel the run or detach (on a terminal), detaches (elsewhere), or
 * cancels (in embedded mode, where detaching would lose the run).
 */
final class Follower {

  /** What Ctrl-C does. */
  enum OnInterrupt {
    ASK,
    DETACH,
    CANCEL
  }

  /** How following ended. */
  enum Outcome {
    ENDED,
    DETACHED
  }

  private static final long POLL_MS = 200;

  /** The exit code of a second Ctrl-C, as a shell reports a process ended by SIGINT. */
  static final int INTERRUPTED = 130;

  private static final long STATUS_CHECK_MS = 2000;

  /** How long a lost service is retried before watching gives up (exit 3 within 10 s). */
  private static final long LOST_SERVICE_MS = 4000;

  /** How often the wait for a worker is repeated. */
  private static final long WAITING_REPEAT_MS = 15_000;

  private static final java.time.Duration QUERY_LIMIT = java.time.Duration.ofSeconds(3);

  private final SkeinClient client;
  private final RunHandle handle;
  private final Hints hints;
  private final PrintStream out;
  private long serviceLostSince;
  private long lastWaitingNote;
  private final boolean live;
  private final OnInterrupt onInterrupt;
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final AtomicLong lastSeq = new AtomicLong();
  private Instant runStart;
  private int drawnLines;

  Follower(
      SkeinClient client,
      RunHandle handle,
      Hints hints,
      PrintStream out,
      boolean live,
      OnInterrupt onInterrupt) {
    this.client = client;
    this.hints = hints;
    this.handle = handle;
    this.out = out;
    this.live = live;
    this.onInterrupt = onInterrupt;
  }

  /** Whether to draw the live table: a terminal, unless {@code --plain}. */
  static boolean isTerminal(boolean plain) {
    return !plain && System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  /**
   * Follows until the run ends or the user detaches.
   *
   * @param noWorkerWarning run once after 10 s when the run has not started by then; null for none
   */
  Outcome follow(Runnable noWorkerWarning) throws InterruptedException {
    SignalHandler previous = installInterruptHandler();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Follower::daemon);
    if (noWorkerWarning != null) {
      timer.schedule(
          () -> {
            if (lastSeq.get() == 0) {
              noWorkerWarning.run();
            }
          },
          10,
          TimeUnit.SECONDS);
    }
    try {
      return loop();
    } finally {
      timer.shutdownNow();
      if (previous != null) {
        Signal.handle(new Signal("INT"), previous);
      }
    }
  }

  private Outcome loop() throws InterruptedException {
    long lastStatusCheck = System.currentTimeMillis();
    long lastDraw = 0;
    long lastProgress = 0;
    RunResult progress = null;
    boolean cancelRequested = false;
    while (true) {
      if (interrupted.getAndSet(false)) {
        // The table and the ^C the terminal echoed under it go; what follows is said once.
        eraseTable();
        if (cancelRequested) {
          if (onInterrupt == OnInterrupt.CANCEL) {
            // Stop waiting means now: the agents of the embedded worker go first, not after
            // their grace period (they are in sessions of their own, out of the terminal's reach).
            ProcessTree.terminateAll(Duration.ZERO);
          }
          throw new CliException(INTERRUPTED, stoppedWaiting());
        }
        if (!decideCancel()) {
          return Outcome.DETACHED;
        }
        Bounded.call(
            QUERY_LIMIT,
            () -> {
              handle.cancel();
              return true;
            });
        cancelRequested = true;
        err(cancelling());
      }
      if (serviceLostSince != 0) {
        // Ask the service whether it is back before asking a worker anything.
        if (!stillRunning(true)) {
          return Outcome.ENDED;
        }
        if (serviceLostSince != 0) {
          continue;
        }
      }
      List<RunEvent> events = List.of();
      try {
        events = Bounded.call(QUERY_LIMIT, () -> handle.events(lastSeq.get()));
        answered();
      } catch (RunNotFoundException | dev.skein.storage.StorageException e) {
        throw e;
      } catch (RuntimeException queryFailed) {
        // No worker answered yet, the service went away, or the run ended before it could
        // answer.
        if (!stillRunning(true)) {
          return Outcome.ENDED;
        }
        Thread.sleep(POLL_MS);
        continue;
      }
      boolean ended = false;
      List<String> lines = new ArrayList<>();
      for (RunEvent e : events) {
        lastSeq.set(e.seq());
        if (runStart == null) {
          runStart = Format.instant(e.at()).orElse(Instant.now());
        }
        if (!live || isNoteworthy(e)) {
          lines.add(eventLine(e));
        }
        ended |= RunEvent.RUN_COMPLETED.equals(e.type());
      }
      long now = System.currentTimeMillis();
      // Events every poll, the run's state at most once a second (every few seconds without the
      // table): a run of thousands of tasks must not be queried for its whole state five times a
      // second. The state also says which agent calls are queued or retrying.
      boolean drawNow = live && (!events.isEmpty() || now - lastDraw >= 1000 || ended);
      long every = live ? PROGRESS_MS : PLAIN_STATE_MS;
      if ((drawNow || !live) && (progress == null || now - lastProgress >= every || ended)) {
        RunResult fresh = ended ? null : safeProgress();
        progress = fresh == null ? progress : fresh;
        lastProgress = now;
        if (fresh != null) {
          lines.addAll(attemptLines(fresh));
        }
      }
      if (drawNow) {
        redraw(lines, progress);
        lastDraw = now;
      } else {
        lines.forEach(out::println);
      }
      if (ended) {
        return Outcome.ENDED;
      }
      if (events.isEmpty() && now - lastStatusCheck >= STATUS_CHECK_MS) {
        lastStatusCheck = now;
        if (!stillRunning(false)) {
          return Outcome.ENDED;
        }
      }
      Thread.sleep(POLL_MS);
    }
  }

  /**
   * Whether the run is open, from the service. When the service does not answer it is retried for a
   * few seconds, then following ends with exit 3; when the service answers but no worker does, the
   * wait is said, and said again every 15 s.
   */
  private boolean stillRunning(boolean unanswered) throws InterruptedException {
    boolean running;
    try {
      if (unanswered && Unanswered.serviceLost(client)) {
        throw new Bounded.NoAnswer();
      }
      running = Bounded.call(QUERY_LIMIT, handle::isRunning);
    } catch (RunNotFoundException e) {
      throw e;
    } catch (RuntimeException e) {
      long now = System.currentTimeMillis();
      if (serviceLostSince == 0) {
        serviceLostSince = now;
      }
      if (now - serviceLostSince >= LOST_SERVICE_MS) {
        throw new CliException(
            ExitCodes.UNREACHABLE,
            "Lost the Temporal service at "
                + client.address()
                + " while following run "
                + handle.workflowId()
                + ": it has not answered for "
                + (now - serviceLostSince) / 1000
                + " s. The run is kept by the service; follow it again with: "
                + hints.command("watch", handle.workflowId()));
      }
      if (lastWaitingNote == 0 || now - lastWaitingNote >= WAITING_REPEAT_MS) {
        lastWaitingNote = now;
        note("Waiting for the Temporal service at " + client.address() + " to answer…");
      }
      Thread.sleep(500);
      return true;
    }
    serviceLostSince = 0;
    if (running && unanswered) {
      long now = System.currentTimeMillis();
      if (lastWaitingNote == 0 || now - lastWaitingNote >= WAITING_REPEAT_MS) {
        lastWaitingNote = now;
        note(
            "Waiting for a worker: "
                + Unanswered.noWorkerSentence(client, handle, hints)
                    .replaceFirst("^No worker answered", "none has answered yet")
                + ".");
      }
    }
    return running;
  }

  /** A worker answered: the next wait is said at once. */
  private void answered() {
    serviceLostSince = 0;
    lastWaitingNote = 0;
  }

  /** A line about the wait, on stderr, where the table was; the table comes back below it. */
  private void note(String message) {
    eraseTable();
    System.err.println(message);
  }

  /** Removes the live table (and whatever was typed under it) so a line can take its place. */
  private void eraseTable() {
    if (live) {
      out.print(Ansi.rewind(drawnLines));
      out.flush();
      drawnLines = 0;
    }
  }

  /** What the first Ctrl-C does, why, and what a second one would do. */
  private String cancelling() {
    String id = handle.workflowId();
    if (onInterrupt == OnInterrupt.CANCEL) {
      return "Ctrl-C: cancelling run "
          + id
          + ". It runs on an embedded Temporal service that ends when skein exits, so it cannot"
          + " be left running (start it with --address on a real service to detach instead)."
          + " Waiting for its agents to stop; press Ctrl-C again to stop waiting and exit now.";
    }
    return "Ctrl-C: cancellation requested for run "
        + id
        + "; waiting for its agents to stop. Press Ctrl-C again to stop waiting (the service"
        + " goes on cancelling it).";
  }

  /** The second Ctrl-C: stop waiting for the cancellation. */
  private String stoppedWaiting() {
    String id = handle.workflowId();
    if (onInterrupt == OnInterrupt.CANCEL) {
      return "Stopped waiting for run "
          + id
          + " to cancel; the embedded service stops with skein, and its agents with it.";
    }
    return "Stopped waiting; the service goes on cancelling run "
        + id
        + ". See how it ended with: "
        + hints.command("result", id);
  }

  /** Draws the final table from the result once the run is over. */
  void finish(RunResult result) {
    if (live) {
      redraw(List.of(), result);
    }
    out.flush();
  }

  /** How often the live table asks for the run's state (events are read every poll). */
  private static final long PROGRESS_MS = 1000;

  private RunResult safeProgress() {
    try {
      return client.withLiveCalls(handle, Bounded.call(QUERY_LIMIT, handle::progress));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** How often the run's state is read without the live table (for retries and queued steps). */
  private static final long PLAIN_STATE_MS = 2000;

  /** The failures already reported as {@code step.retrying}, by step and attempt. */
  private final java.util.Set<String> retriesShown = new java.util.HashSet<>();

  /** The task queues already warned about. */
  private final java.util.Set<String> queuesWarned = new java.util.HashSet<>();

  /**
   * A {@code step.retrying} line for each attempt that failed since the last look, and a warning
   * for each queue a queued step waits on that no worker polls. The service, not the workflow,
   * knows these while the step runs, so they are not in the run's event log.
   */
  private List<String> attemptLines(RunResult progress) {
    List<String> lines = new ArrayList<>();
    for (var s : Format.steps(progress)) {
      LiveAttempt a = s.live();
      if (a == null) {
        continue;
      }
      FailedAttempt f = a.lastFailure();
      if (f != null && retriesShown.add(s.id() + "@" + f.attempt() + ":" + f.message())) {
        lines.add(eventLine(retryingEvent(s.id(), a, f)));
      }
      if (a.warning() != null && a.taskQueue() != null && queuesWarned.add(a.taskQueue())) {
        err(
            "warning: step '"
                + s.id()
                + "' is queued: "
                + a.warning()
                + " at "
                + client.address()
                + "; start one with: "
                + hints.worker(a.taskQueue()));
        drawnLines = 0;
      }
    }
    return lines;
  }

  /** The event for a failed attempt of a step whose call Temporal retries. */
  static RunEvent retryingEvent(String step, LiveAttempt a, FailedAttempt f) {
    String of =
        a.attempt() == null
            ? ""
            : "attempt "
                + a.attempt()
                + (a.maxAttempts() == null || a.maxAttempts() == 0 ? "" : "/" + a.maxAttempts())
                + " after ";
    return new RunEvent(
        0,
        RunEvent.STEP_RETRYING,
        step,
        null,
        "retrying",
        java.time.Instant.now().toString(),
        of + "attempt " + f.attempt() + " failed: " + f.type() + ": " + f.message());
  }

  private void redraw(List<String> eventLines, RunResult progress) {
    TerminalSize size = TerminalSize.current();
    StringBuilder sb = new StringBuilder(Ansi.rewind(drawnLines));
    // Event lines stay on screen; a wrapped one is as harmless as any, but cut, they read as the
    // table's lines do. The whole event is in status and the closing summary.
    eventLines.forEach(l -> sb.append(Ansi.truncate(l, size.columns() - 1)).append('\n'));
    drawnLines = 0;
    if (progress != null) {
      List<String> lines = FittedTable.lines(progress, Instant.now(), true, size);
      lines.forEach(r -> sb.append(r).append('\n'));
      drawnLines = lines.size();
    }
    out.print(sb);
    out.flush();
  }

  private static boolean isNoteworthy(RunEvent e) {
    return RunEvent.STEP_FAILED.equals(e.type())
        || RunEvent.RUN_STARTED.equals(e.type())
        || RunEvent.STEP_RETRYING.equals(e.type());
  }

  /** {@code +1.2s plan#0 succeeded detail}. */
  String eventLine(RunEvent e) {
    Instant at = Format.instant(e.at()).orElse(Instant.now());
    String offset = "+" + Format.duration(Duration.between(runStart == null ? at : runStart, at));
    String subject =
        e.step() == null ? "run" : e.task() == null ? e.step() : e.step() + "#" + e.task();
    String what =
        switch (e.type()) {
          case RunEvent.RUN_STARTED -> "started " + handle.workflowId();
          case RunEvent.STEP_STARTED -> "started";
          default -> e.status() == null ? e.type() : e.status();
        };
    String detail = e.detail() == null ? "" : "  " + Format.oneLine(e.detail(), 200);
    return String.format("%7s  %-20s %s%s", offset, subject, what, detail);
  }

  private boolean decideCancel() {
    switch (onInterrupt) {
      case CANCEL:
        return true;
      case DETACH:
        return false;
      default:
        Console console = System.console();
        if (console == null) {
          return false;
        }
        String answer = console.readLine("cancel the run or detach? [c/D] ");
        if (live) {
          // The question and its answer go too: the next line says what was done.
          out.print("\033[1F\033[J");
          out.flush();
        }
        return answer != null && answer.trim().toLowerCase().startsWith("c");
    }
  }

  private SignalHandler installInterruptHandler() {
    try {
      return Signal.handle(
          new Signal("INT"),
          s -> {
            if (interrupted.getAndSet(true)) {
              // A second Ctrl-C before the first was handled: the user means it. The agents this
              // process started are in sessions of their own, out of the terminal's reach.
              ProcessTree.terminateAll(Duration.ZERO);
              Runtime.getRuntime().halt(130);
            }
          });
    } catch (IllegalArgumentException unsupported) {
      return null;
    }
  }

  private void err(String message) {
    System.err.println(message);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "skein-follow-timer");
    t.setDaemon(true);
    return t;
  }
}
