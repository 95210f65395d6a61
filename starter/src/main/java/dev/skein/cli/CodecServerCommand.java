package dev.skein.cli;

import dev.skein.codec.CodecServer;
import dev.skein.codec.EncryptionCodec;
import dev.skein.codec.EncryptionKeys;
import dev.skein.codec.InvalidEncryptionSettingsException;
import dev.skein.worker.ShutdownSignal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "codec-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve Temporal's remote codec endpoints (POST /encode, /decode) with this process's"
          + " encryption keys, so the Temporal Web UI (its codec endpoint setting, or"
          + " temporal server start-dev --ui-codec-endpoint) and temporal workflow show"
          + " --codec-endpoint show decrypted payloads.",
      "Whoever reaches it with the token reads every payload: it listens on 127.0.0.1 unless"
          + " --bind says otherwise. Stop it with Ctrl-C or SIGTERM."
    })
final class CodecServerCommand implements Callable<Integer> {

  @Option(
      names = {"-p", "--port"},
      defaultValue = "8081",
      description = "Port to listen on (default: ${DEFAULT-VALUE}; 0: a free one).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--cors-origin",
      paramLabel = "URL",
      description =
          "Let browser pages of this origin call it, like http://localhost:8233 (the Web UI).")
  String corsOrigin;

  @Option(
      names = "--token",
      paramLabel = "T",
      description =
          "Require Authorization: Bearer T (or T) on every request (env SKEIN_CODEC_TOKEN).")
  String token;

  @ArgGroup(validate = false, heading = EncryptionOptions.HEADING)
  EncryptionOptions encryption = new EncryptionOptions();

  @Override
  public Integer call() throws Exception {
    EncryptionKeys keys;
    try {
      keys = (encryption == null ? new EncryptionOptions() : encryption).settings().resolve();
    } catch (InvalidEncryptionSettingsException e) {
      throw EncryptionOptions.usage(e);
    }
    if (keys.all().isEmpty()) {
      throw CliException.usage(
          "The codec server needs a key: set SKEIN_ENCRYPTION_KEY or --encryption-key-file.");
    }
    Optional<String> secret =
        Optional.ofNullable(token)
            .or(() -> Optional.ofNullable(System.getenv("SKEIN_CODEC_TOKEN")));
    ShutdownSignal signal = ShutdownSignal.install();
    CodecServer server;
    try {
      server =
          CodecServer.start(
              new InetSocketAddress(bind, port),
              new EncryptionCodec(keys),
              Optional.ofNullable(corsOrigin),
              secret);
    } catch (IOException e) {
      throw CliException.usage(
          "Cannot listen on " + bind + ":" + port + ": " + e.getMessage() + ".");
    }
    try (server) {
      System.out.println(
          "Codec server listening on http://"
              + bind
              + ":"
              + server.port()
              + " ("
              + keys.summary()
              + (secret.isPresent() ? ", token required" : ", no token")
              + ")");
      System.out.println(
          "  temporal workflow show --codec-endpoint http://"
              + bind
              + ":"
              + server.port()
              + (secret.isPresent() ? " --codec-auth 'Bearer <token>'" : "")
              + " -w ID");
      System.out.flush();
      signal.await();
      System.err.println("Stopping the codec server.");
    }
    return ExitCodes.OK;
  }
}
