package dev.skein.cli;

import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
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

  @Override
  public final Integer call() throws Exception {
    try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
      return call(client.attach(workflowId));
    }
  }

  /** Does the command's work on the run; returns the exit code. */
  abstract int call(RunHandle run) throws Exception;
}
