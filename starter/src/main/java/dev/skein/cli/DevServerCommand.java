package dev.skein.cli;

import dev.skein.dev.DevServer;
import dev.skein.worker.ShutdownSignal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "dev-server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the embedded Temporal service (Temporal's in-memory test server, in real time) alone "
          + "on a port, so workers, starters, the Temporal CLI and other SDKs can share it.",
      "Nothing is persisted; stop it with Ctrl-C or SIGTERM."
    })
final class DevServerCommand implements Callable<Integer> {

  @Option(
      names = {"-p", "--port"},
      defaultValue = "7233",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    ShutdownSignal signal = ShutdownSignal.install();
    DevServer server;
    try {
      server = DevServer.start(port);
    } catch (IllegalStateException e) {
      throw CliException.usage(e.getMessage());
    }
    try (server) {
      System.out.println("Temporal dev server listening on " + server.address());
      System.out.println("  namespace: default (any namespace name is accepted)");
      System.out.println("  worker:    skein worker --address " + server.address());
      System.out.println("  run:       skein run --address " + server.address() + " FILE");
      System.out.flush();
      signal.await();
      System.err.println("Stopping the dev server.");
    }
    return ExitCodes.OK;
  }
}
