package dev.skein.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a process's encryption keys come from, as the caller gave them; {@link #resolve} fills in
 * the rest from the environment. The primary key is {@code --encryption-key-file}, else {@code
 * SKEIN_ENCRYPTION_KEY_FILE}, else {@code SKEIN_ENCRYPTION_KEY} (base64 of 32 bytes; a key file
 * holds the same text). Decryption-only keys are every {@code --decryption-key-file} and the
 * comma-separated base64 keys of {@code SKEIN_DECRYPTION_KEYS}. Nothing set: no encryption.
 *
 * @param keyFile the primary key's file
 * @param decryptionKeyFiles files of keys that only decrypt
 */
public record EncryptionSettings(Optional<Path> keyFile, List<Path> decryptionKeyFiles) {

  public static final String KEY_VARIABLE = "SKEIN_ENCRYPTION_KEY";
  public static final String KEY_FILE_VARIABLE = "SKEIN_ENCRYPTION_KEY_FILE";
  public static final String DECRYPTION_KEYS_VARIABLE = "SKEIN_DECRYPTION_KEYS";

  public EncryptionSettings {
    decryptionKeyFiles = List.copyOf(decryptionKeyFiles);
  }

  /** Nothing set here: only the environment decides. */
  public static EncryptionSettings fromEnvironment() {
    return new EncryptionSettings(Optional.empty(), List.of());
  }

  public static EncryptionSettings keyFile(Path file) {
    return new EncryptionSettings(Optional.of(file), List.of());
  }

  public EncryptionSettings withDecryptionKeyFiles(List<Path> files) {
    return new EncryptionSettings(keyFile, files);
  }

  public EncryptionKeys resolve() {
    return resolve(System.getenv());
  }

  /**
   * @throws InvalidEncryptionSettingsException naming the file or variable that holds no key
   */
  public EncryptionKeys resolve(Map<String, String> env) {
    Optional<EncryptionKey> primary = keyFile.map(f -> read(f, "--encryption-key-file " + f));
    if (primary.isEmpty()) {
      primary =
          nonBlank(env.get(KEY_FILE_VARIABLE))
              .map(f -> read(Path.of(f), KEY_FILE_VARIABLE + " (" + f + ")"));
    }
    if (primary.isEmpty()) {
      primary = nonBlank(env.get(KEY_VARIABLE)).map(k -> EncryptionKey.parse(k, KEY_VARIABLE));
    }
    List<EncryptionKey> extra = new ArrayList<>();
    for (Path f : decryptionKeyFiles) {
      extra.add(read(f, "--decryption-key-file " + f));
    }
    Optional<String> listed = nonBlank(env.get(DECRYPTION_KEYS_VARIABLE));
    if (listed.isPresent()) {
      String[] keys = listed.get().split(",");
      for (int i = 0; i < keys.length; i++) {
        if (!keys[i].isBlank()) {
          extra.add(
              EncryptionKey.parse(keys[i], DECRYPTION_KEYS_VARIABLE + " (key " + (i + 1) + ")"));
        }
      }
    }
    return new EncryptionKeys(primary, extra);
  }

  private static EncryptionKey read(Path file, String source) {
    try {
      return EncryptionKey.parse(Files.readString(file), source);
    } catch (NoSuchFileException e) {
      throw new InvalidEncryptionSettingsException(source + ": no such file");
    } catch (IOException e) {
      throw new InvalidEncryptionSettingsException(source + ": cannot be read (" + e + ")");
    }
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }
}
