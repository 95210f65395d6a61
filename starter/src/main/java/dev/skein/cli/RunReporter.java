package dev.skein.cli;

import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.run.RunResult;
import java.io.PrintStream;

/** Follows a run and reports its end; shared by {@code run} and {@code watch}. */
final class RunReporter {

  private RunReporter() {}

  /**
   * @param json print the run result as JSON on stdout (live progress then goes to stderr)
   * @param plain one line per event even on a terminal
   * @param noWorkerWarning run after 10 s if the run has not started, or null
   * @return the exit code
   */
  static int followAndReport(
      SkeinClient client,
      RunHandle handle,
      Hints hints,
      boolean json,
      boolean plain,
      Follower.OnInterrupt onInterrupt,
      Runnable noWorkerWarning)
      throws InterruptedException {
    PrintStream progressOut = json ? System.err : System.out;
    boolean live = Follower.isTerminal(plain);
    Follower follower = new Follower(client, handle, hints, progressOut, live, onInterrupt);
    Follower.Outcome outcome = follower.follow(noWorkerWarning);
    if (outcome == Follower.Outcome.DETACHED) {
      System.err.println(
          "Detached: run "
              + handle.workflowId()
              + " keeps running. Follow it again with: "
              + hints.command("watch", handle.workflowId()));
      return ExitCodes.OK;
    }
    RunResult result = handle.result();
    follower.finish(result);
    if (json) {
      System.out.println(Format.json(result));
    } else {
      Summary.print(result, System.out, live);
    }
    return Summary.exitCode(result);
  }

  /** The warning for a run that has not started 10 s after it was started on a service. */
  static Runnable noWorkerWarning(SkeinClient client, String taskQueue, Hints hints) {
    return () -> {
      String start = hints.worker(taskQueue);
      String message =
          client
              .pollerCount(taskQueue, false)
              .map(
                  n ->
                      n == 0
                          ? "No worker polls task queue '"
                              + taskQueue
                              + "' at "
                              + client.address()
                              + "; start one with: "
                              + start
                          : null)
              .orElse(
                  "The run has not started after 10 s: is a worker polling task queue '"
                      + taskQueue
                      + "' at "
                      + client.address()
                      + "? Start one with: "
                      + start);
      if (message != null) {
        System.err.println("warning: " + message);
      }
    };
  }
}
