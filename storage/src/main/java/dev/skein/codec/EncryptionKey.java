package dev.skein.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One AES-256 key. Its id is derived from the key itself (the first 8 bytes of its SHA-256, in
 * hex), so every process that holds the same key names it the same way without configuring ids, and
 * the id reveals nothing usable about the key.
 *
 * @param id what payloads encrypted with it carry in their {@code encryption-key-id} metadata
 * @param bytes the 32 key bytes
 */
public record EncryptionKey(String id, byte[] bytes) {

  public static final int LENGTH = 32;

  public EncryptionKey {
    bytes = bytes.clone();
  }

  /** A key from its 32 bytes. */
  public static EncryptionKey of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new InvalidEncryptionSettingsException(
          "an encryption key has 32 bytes, this one " + bytes.length);
    }
    return new EncryptionKey(idOf(bytes), bytes);
  }

  /**
   * A key in base64, as {@code SKEIN_ENCRYPTION_KEY} and key files hold it.
   *
   * @param source where it came from, for the message when it is not a key
   */
  public static EncryptionKey parse(String base64, String source) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidEncryptionSettingsException(
          source + " is not base64 (make a key with: openssl rand -base64 32)");
    }
    if (bytes.length != LENGTH) {
      throw new InvalidEncryptionSettingsException(
          source
              + " holds "
              + bytes.length
              + " bytes, but an AES-256 key has 32 (make one with: openssl rand -base64 32)");
    }
    return of(bytes);
  }

  private static String idOf(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Never the key bytes. */
  @Override
  public String toString() {
    return "EncryptionKey[" + id + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionKey k && MessageDigest.isEqual(k.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }
}
