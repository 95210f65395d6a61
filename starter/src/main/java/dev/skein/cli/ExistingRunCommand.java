package dev.skein.cli;

import dev.skein.client.RunHandle;
import dev.skein.client.RunNotFoundException;
import dev.skein.client.SkeinClient;
import dev.skein.client.SkeinException;
import dev.skein.run.RunResult;
import dev.skein.storage.StorageException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A command about one run that already exists ({@code status}, {@code result}, {@code watch},
 * {@code cancel}, {@code timeline}): it names the run by workflow id, connects with the Temporal
 * CLI's flags, and closes the connection when it is done.
 */
abstract class ExistingRunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID")
  String workflowId;

  @Mixin ConnectionOptions connection;

  /** The connection, for the command's work. */
  SkeinClient client;

  /** Follow-up commands with this command's connection flags. */
  Hints hints;

  @Override
  public final Integer call() throws Exception {
    checkArguments();
    hints = Hints.of(connection);
    try (SkeinClient connected = SkeinClient.connect(connection.resolve())) {
      client = connected;
      return call(client.attach(workflowId));
    }
  }

  /** Refuses bad arguments before the service is contacted (exit 2, not 3 when it is away). */
  void checkArguments() {}

  /** Does the command's work on the run; returns the exit code. */
  abstract int call(RunHandle run) throws Exception;

  /** The run as it stands now, or exit 3 saying what did not answer (the service or a worker). */
  RunResult progress(RunHandle run) {
    return progress(client, run, hints);
  }

  static RunResult progress(SkeinClient client, RunHandle run, Hints hints) {
    try {
      return Bounded.call(run::progress);
    } catch (RunNotFoundException | StorageException e) {
      throw e;
    } catch (SkeinException e) {
      throw e;
    } catch (RuntimeException e) {
      throw Unanswered.explain(client, run, hints);
    }
  }
}
