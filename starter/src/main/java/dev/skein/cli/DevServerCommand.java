package dev.skein.cli;

import dev.skein.dev.DevServer;
import dev.skein.storage.ResolvedStorage;
import dev.skein.worker.ShutdownSignal;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "dev-server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the embedded Temporal service (Temporal's in-memory test server, in real time) alone "
          + "on a port, so workers, starters, the Temporal CLI and other SDKs can share it.",
      "Nothing is persisted; stop it with Ctrl-C or SIGTERM.",
      "The service never reads payloads: the storage flags only say which store its workers and "
          + "clients must share, and the start-up lines repeat them."
    })
final class DevServerCommand implements Callable<Integer> {

  @Option(
      names = {"-p", "--port"},
      defaultValue = "7233",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @ArgGroup(validate = false, heading = StorageOptions.HEADING)
  StorageOptions storage = new StorageOptions();

  @Override
  public Integer call() throws Exception {
    ResolvedStorage store = (storage == null ? new StorageOptions() : storage).resolve();
    String flags = store.flags().isEmpty() ? "" : " " + String.join(" ", store.flags());
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
      System.out.println(
          "  storage:   " + store.summary() + "; its workers and clients must share it");
      System.out.println("  worker:    skein worker --address " + server.address() + flags);
      System.out.println("  run:       skein run --address " + server.address() + flags + " FILE");
      System.out.flush();
      signal.await();
      System.err.println("Stopping the dev server.");
    }
    return ExitCodes.OK;
  }
}
