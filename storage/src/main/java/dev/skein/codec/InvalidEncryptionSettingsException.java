package dev.skein.codec;

/** A key setting that cannot be used; the message is a sentence naming where it came from. */
public final class InvalidEncryptionSettingsException extends IllegalArgumentException {
  public InvalidEncryptionSettingsException(String message) {
    super(message);
  }
}
