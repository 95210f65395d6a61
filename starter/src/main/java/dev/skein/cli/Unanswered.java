package dev.skein.cli;

import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import java.util.Optional;

/**
 * What was lost when a run's question went unanswered: the service itself, or every worker that
 * could answer for the run (queries are answered by a worker). One sentence, exit 3.
 */
final class Unanswered {

  private Unanswered() {}

  /** Whether the service is the thing lost. */
  static boolean serviceLost(SkeinClient client) {
    try {
      return !Bounded.call(client::answers);
    } catch (RuntimeException e) {
      return true;
    }
  }

  static String serviceLostSentence(SkeinClient client) {
    return "The Temporal service at " + client.address() + " does not answer";
  }

  /** The sentence for "no worker answered", with the queue and how to start a worker. */
  static String noWorkerSentence(SkeinClient client, RunHandle run, Hints hints) {
    Optional<String> queue;
    try {
      queue = Bounded.call(run::taskQueue);
    } catch (RuntimeException e) {
      queue = Optional.empty();
    }
    String q = queue.orElse("skein");
    Optional<Integer> pollers;
    try {
      pollers = Bounded.call(() -> client.pollerCount(q, false));
    } catch (RuntimeException e) {
      pollers = Optional.empty();
    }
    String who =
        pollers
            .map(n -> n == 0 ? "no worker polls" : "the workers polling")
            .orElse("is a worker polling");
    String where = "task queue '" + q + "' at " + client.address();
    String polling =
        pollers.isPresent()
            ? " (" + who + " " + where + (pollers.get() == 0 ? "" : " are busy or stuck") + ")"
            : " (" + who + " " + where + "?)";
    return "No worker answered for run "
        + run.workflowId()
        + polling
        + "; start one with: "
        + hints.worker(q);
  }

  /** The failure for a command that needed an answer now. */
  static CliException explain(SkeinClient client, RunHandle run, Hints hints) {
    if (serviceLost(client)) {
      return new CliException(ExitCodes.UNREACHABLE, serviceLostSentence(client) + ".");
    }
    return new CliException(ExitCodes.UNREACHABLE, noWorkerSentence(client, run, hints) + ".");
  }
}
