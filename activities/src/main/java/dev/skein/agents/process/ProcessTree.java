package dev.skein.agents.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A child process and every process it spawned. Descendants are remembered as they are seen ({@link
 * #refresh()}), because once a parent dies its children are re-parented and no longer appear under
 * it; {@link ProcessHandle} compares start times, so a remembered handle never signals a recycled
 * pid.
 */
public final class ProcessTree {

  private static final long POLL_MS = 25;

  /**
   * The trees not yet terminated. Agents run in sessions of their own ({@link OwnSession}), so no
   * terminal signal reaches them: when this process ends without terminating them (a second Ctrl-C
   * halts it, a closed terminal hangs it up), {@link #terminateAll} must.
   */
  private static final Set<ProcessTree> LIVE = ConcurrentHashMap.newKeySet();

  /** How long the agents of a process that is exiting get to stop before they are killed. */
  private static final Duration EXIT_GRACE = Duration.ofSeconds(1);

  static {
    try {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> terminateAll(EXIT_GRACE), "skein-stop-agents"));
    } catch (IllegalStateException shuttingDown) {
      // the process is already exiting; the trees are terminated by their own attempts
    }
  }

  private final ProcessHandle root;
  private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

  public ProcessTree(ProcessHandle root) {
    this.root = root;
    refresh();
    LIVE.add(this);
  }

  /**
   * Terminates every tree of this process that is still running: what a process that is about to
   * exit (or {@link Runtime#halt}) does so that its agents do not outlive it.
   */
  public static void terminateAll(Duration grace) {
    stop(() -> LIVE.stream().flatMap(t -> t.alive().stream()).distinct().toList(), grace);
  }

  /**
   * Records the descendants alive now: those of the root, and those of any remembered process whose
   * parent has gone (a daemonised grandchild keeps forking after its parent exits).
   */
  public void refresh() {
    seen.removeIf(p -> !p.isAlive());
    Set<Long> known = seen.stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    known.add(root.pid());
    Stream.concat(Stream.of(root), seen.stream())
        .filter(ProcessHandle::isAlive)
        .filter(p -> p == root || p.parent().map(pp -> !known.contains(pp.pid())).orElse(true))
        .collect(Collectors.toList())
        .forEach(top -> top.descendants().forEach(seen::add));
  }

  /** The root and every descendant seen so far that is still running. */
  public List<ProcessHandle> alive() {
    refresh();
    return Stream.concat(Stream.of(root), seen.stream())
        .filter(ProcessTree::isRunning)
        .collect(Collectors.toList());
  }

  /**
   * Alive and not a zombie. A killed process whose parent died too waits as a zombie until init
   * reaps it, which some container inits do only every second or so; {@link
   * ProcessHandle#isAlive()} still reports it, though it runs nothing and holds no resources.
   */
  public static boolean isRunning(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    try {
      String text = Files.readString(stat);
      // pid (comm) state ...; comm may contain spaces and parentheses, so read after the last ')'
      int close = text.lastIndexOf(')');
      return close < 0 || close + 2 >= text.length() || text.charAt(close + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return process.isAlive(); // no procfs (not Linux), or it just vanished
    }
  }

  /**
   * Stops the whole tree: SIGTERM to every member, up to {@code grace} for them to exit, then
   * SIGKILL to whatever is left. Runs to completion even if the calling thread is interrupted (a
   * worker stopping hard must still not leave orphans); the interrupt flag is restored afterwards.
   *
   * @return the number of processes that had to be killed with SIGKILL
   */
  public int terminate(Duration grace) {
    try {
      return stop(this::alive, grace);
    } finally {
      LIVE.remove(this);
    }
  }

  private static int stop(Supplier<List<ProcessHandle>> alive, Duration grace) {
    boolean interrupted = Thread.interrupted();
    try {
      Set<ProcessHandle> signalled = ConcurrentHashMap.newKeySet();
      List<ProcessHandle> members = alive.get();
      long deadline = System.nanoTime() + grace.toNanos();
      while (!members.isEmpty()) {
        // a dying shell may still fork: signal whatever appeared since the last look, once
        members.stream().filter(signalled::add).forEach(ProcessHandle::destroy);
        if (System.nanoTime() >= deadline) {
          break;
        }
        interrupted |= sleep(POLL_MS);
        members = alive.get();
      }
      List<ProcessHandle> stubborn = alive.get();
      stubborn.forEach(ProcessHandle::destroyForcibly);
      long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!alive.get().isEmpty() && System.nanoTime() < killDeadline) {
        interrupted |= sleep(POLL_MS); // SIGKILL cannot be refused; this is only delivery time
      }
      return stubborn.size();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }
}
