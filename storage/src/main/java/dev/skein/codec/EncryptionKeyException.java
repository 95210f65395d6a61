package dev.skein.codec;

import io.temporal.payload.codec.PayloadCodecException;

/**
 * A payload this process cannot decrypt: it has no key, not the payload's key, or the key does not
 * open it. The message is one sentence saying which and how to configure the right key; commands
 * print it and exit 2 rather than show ciphertext.
 */
public final class EncryptionKeyException extends PayloadCodecException {
  public EncryptionKeyException(String message) {
    super(message);
  }
}
