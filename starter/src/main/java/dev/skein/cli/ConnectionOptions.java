package dev.skein.cli;

import dev.skein.client.ConnectionSettings;
import dev.skein.client.ResolvedConnection;
import dev.skein.codec.InvalidEncryptionSettingsException;
import dev.skein.storage.InvalidStorageSettingsException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The Temporal CLI's connection flags, Skein's storage flags and its encryption key flags; the
 * environment, temporal.toml and skein.toml fill in the rest.
 */
final class ConnectionOptions {

  @ArgGroup(validate = false, heading = StorageOptions.HEADING)
  StorageOptions storage = new StorageOptions();

  @ArgGroup(validate = false, heading = EncryptionOptions.HEADING)
  EncryptionOptions encryption = new EncryptionOptions();

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend (env TEMPORAL_ADDRESS).")
  String address;

  @Option(
      names = {"-n", "--namespace"},
      description = "Temporal namespace (env TEMPORAL_NAMESPACE; default: default).")
  String namespace;

  @Option(
      names = "--api-key",
      description = "API key sent as a bearer token; turns on TLS (env TEMPORAL_API_KEY).")
  String apiKey;

  @Option(
      names = "--tls",
      description =
          "Use TLS with the system's trusted CAs (env TEMPORAL_TLS); the options below and"
              + " --api-key turn it on too.")
  boolean tls;

  @Option(
      names = "--tls-cert-path",
      paramLabel = "FILE",
      description = "Client certificate for mTLS, PEM (env TEMPORAL_TLS_CLIENT_CERT_PATH).")
  Path tlsCertPath;

  @Option(
      names = "--tls-key-path",
      paramLabel = "FILE",
      description = "Client private key, PEM PKCS#8 (env TEMPORAL_TLS_CLIENT_KEY_PATH).")
  Path tlsKeyPath;

  @Option(
      names = "--tls-ca-path",
      paramLabel = "FILE",
      description = "CA of the server's certificate (env TEMPORAL_TLS_SERVER_CA_CERT_PATH).")
  Path tlsCaPath;

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      description =
          "Name the server's certificate must carry, when not the address's host (env"
              + " TEMPORAL_TLS_SERVER_NAME).")
  String tlsServerName;

  @Option(
      names = "--profile",
      description = "Profile of temporal.toml (env TEMPORAL_PROFILE; default: default).")
  String profile;

  ConnectionSettings settings() {
    ConnectionSettings.Builder b = ConnectionSettings.builder();
    if (address != null) {
      b.address(address);
    }
    if (namespace != null) {
      b.namespace(namespace);
    }
    if (apiKey != null) {
      b.apiKey(apiKey);
    }
    if (tlsCertPath != null) {
      b.tlsCertPath(tlsCertPath);
    }
    if (tlsKeyPath != null) {
      b.tlsKeyPath(tlsKeyPath);
    }
    if (tlsCaPath != null) {
      b.tlsCaPath(tlsCaPath);
    }
    if (tls) {
      b.tls(true);
    }
    if (tlsServerName != null) {
      b.tlsServerName(tlsServerName);
    }
    if (profile != null) {
      b.profile(profile);
    }
    b.storage(storage().settings());
    b.encryption((encryption == null ? new EncryptionOptions() : encryption).settings());
    return b.build();
  }

  /** A TLS file that cannot be read is bad input, not an unreachable service. */
  private static void readable(Path path, String flag, String what) {
    if (path != null && !java.nio.file.Files.isReadable(path)) {
      throw CliException.usage(
          "Cannot read the TLS " + what + " " + path + " (" + flag + "): no such readable file.");
    }
  }

  /** Picocli leaves a group null when none of its options is given. */
  private StorageOptions storage() {
    return storage == null ? new StorageOptions() : storage;
  }

  ResolvedConnection resolve() {
    readable(tlsCertPath, "--tls-cert-path", "client certificate");
    readable(tlsKeyPath, "--tls-key-path", "client private key");
    readable(tlsCaPath, "--tls-ca-path", "server CA certificate");
    try {
      return settings().resolve();
    } catch (InvalidStorageSettingsException e) {
      throw StorageOptions.usage(e);
    } catch (InvalidEncryptionSettingsException e) {
      throw EncryptionOptions.usage(e);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("Connection settings: " + e.getMessage() + ".");
    } catch (java.io.UncheckedIOException e) {
      throw CliException.usage(
          "Cannot read the Temporal configuration file: " + e.getCause().getMessage() + ".");
    }
  }
}
