package dev.skein.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where payloads above the threshold go: files, S3, or nowhere (they stay in history). */
public enum StorageKind {
  /** Files under a directory: one host, or one shared filesystem. */
  FS(FileStorageDriver.TYPE),
  /** Objects in an S3 bucket (AWS or S3-compatible): any number of hosts. */
  S3(S3StorageDriver.TYPE),
  /** No external storage: every payload stays in history, within the server's limits. */
  NONE("none");

  private final String label;

  StorageKind(String label) {
    this.label = label;
  }

  /** {@code fs}, {@code s3} or {@code none}, as flags and files spell it. */
  public String label() {
    return label;
  }

  /**
   * @throws InvalidStorageSettingsException naming {@code source} when {@code text} is none of them
   */
  static StorageKind parse(String text, String source) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (StorageKind kind : values()) {
      if (kind.label.equals(t)) {
        return kind;
      }
    }
    throw new InvalidStorageSettingsException(
        source
            + ": '"
            + text
            + "' is not a storage type (expected "
            + Arrays.stream(values()).map(StorageKind::label).collect(Collectors.joining(", "))
            + ").");
  }
}
