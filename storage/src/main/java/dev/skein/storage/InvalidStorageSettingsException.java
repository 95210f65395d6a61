package dev.skein.storage;

/**
 * A storage setting is missing or malformed. The message is one sentence that names the setting and
 * where it came from (a flag, a variable or a key of the configuration file), for the CLI to print
 * before it exits 2.
 */
public final class InvalidStorageSettingsException extends IllegalArgumentException {

  public InvalidStorageSettingsException(String message) {
    super(message);
  }
}
