package dev.skein.cli;

import dev.skein.codec.EncryptionSettings;
import dev.skein.codec.InvalidEncryptionSettingsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The keys payloads are encrypted and decrypted with; {@code SKEIN_ENCRYPTION_KEY}, {@code
 * SKEIN_ENCRYPTION_KEY_FILE} and {@code SKEIN_DECRYPTION_KEYS} fill in the rest. Workers and
 * clients of a namespace must share the key.
 */
final class EncryptionOptions {

  static final String HEADING =
      "%nEncryption (AES-256-GCM of every payload; workers and clients must share the key):%n";

  @Option(
      names = "--encryption-key-file",
      paramLabel = "FILE",
      description =
          "File with the base64 32-byte key that encrypts and decrypts payloads (env"
              + " SKEIN_ENCRYPTION_KEY_FILE, or the key itself in SKEIN_ENCRYPTION_KEY).")
  Path keyFile;

  @Option(
      names = "--decryption-key-file",
      paramLabel = "FILE",
      description =
          "An older key, for decryption only (rotation); repeatable (env SKEIN_DECRYPTION_KEYS,"
              + " comma-separated base64).")
  List<Path> decryptionKeyFiles = new ArrayList<>();

  EncryptionSettings settings() {
    return new EncryptionSettings(
        Optional.ofNullable(keyFile), decryptionKeyFiles == null ? List.of() : decryptionKeyFiles);
  }

  static CliException usage(InvalidEncryptionSettingsException e) {
    return CliException.usage("Encryption settings: " + e.getMessage() + ".");
  }
}
