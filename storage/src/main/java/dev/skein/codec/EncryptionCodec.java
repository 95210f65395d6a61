package dev.skein.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over whole payloads, so the metadata of the original (its encoding, for instance) is
 * hidden too. An encrypted payload has the metadata {@code encoding: binary/encrypted}, {@code
 * encryption-key-id: <id>} and {@code encryption-cipher: AES-256-GCM}; its data is a fresh 12-byte
 * nonce, then the ciphertext of the serialized original {@code Payload} message with the 16-byte
 * tag appended (the JDK's layout), no associated data. docs/interfaces.md says how another SDK
 * decodes it.
 *
 * <p>Payloads that are not encrypted pass through {@link #decode} unchanged, so runs from before
 * encryption was turned on stay readable. References to external storage pass through {@link
 * #encode}: the SDK resolves them before decoding, and the payload they point to is encrypted.
 */
public final class EncryptionCodec implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  public static final String CIPHER = "encryption-cipher";
  public static final String CIPHER_NAME = "AES-256-GCM";
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  private static final String METADATA_ENCODING = "encoding";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EncryptionKeys keys;

  public EncryptionCodec(EncryptionKeys keys) {
    this.keys = keys;
  }

  public EncryptionKeys keys() {
    return keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    if (keys.primary().isEmpty()) {
      return payloads;
    }
    return payloads.stream().map(p -> encode(p, keys.primary().get())).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decode).toList();
  }

  /** Whether {@code payload} is one this codec encrypted. */
  public static boolean isEncrypted(Payload payload) {
    return ENCODING.equals(encoding(payload));
  }

  private static Payload encode(Payload payload, EncryptionKey key) {
    if (isEncrypted(payload) || payload.getExternalPayloadsCount() > 0) {
      return payload;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
      sealed = cipher.doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is part of every Java runtime", e);
    }
    return Payload.newBuilder()
        .putMetadata(METADATA_ENCODING, ByteString.copyFromUtf8(ENCODING))
        .putMetadata(KEY_ID, ByteString.copyFromUtf8(key.id()))
        .putMetadata(CIPHER, ByteString.copyFromUtf8(CIPHER_NAME))
        .setData(
            ByteString.copyFrom(
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()))
        .build();
  }

  private Payload decode(Payload payload) {
    if (!isEncrypted(payload)) {
      return payload;
    }
    String id =
        Optional.ofNullable(payload.getMetadataMap().get(KEY_ID))
            .map(ByteString::toStringUtf8)
            .orElse("?");
    EncryptionKey key = keys.byId(id).orElseThrow(() -> missing(id));
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new EncryptionKeyException(
          "A payload encrypted with key " + id + " is truncated and cannot be decrypted.");
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(data, NONCE_BYTES));
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Payload.parseFrom(plain);
    } catch (javax.crypto.AEADBadTagException | InvalidProtocolBufferException e) {
      throw new EncryptionKeyException(
          "A payload encrypted with key "
              + id
              + " does not open with this process's key of that id: it was altered.");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is part of every Java runtime", e);
    }
  }

  private EncryptionKeyException missing(String id) {
    if (keys.all().isEmpty()) {
      return new EncryptionKeyException(
          "The payloads are encrypted (key "
              + id
              + ") and this process has no encryption key: set SKEIN_ENCRYPTION_KEY or"
              + " --encryption-key-file.");
    }
    return new EncryptionKeyException(
        "The payloads are encrypted with key "
            + id
            + ", which is not among this process's keys ("
            + String.join(", ", keys.all().stream().map(EncryptionKey::id).toList())
            + "): give that key with --encryption-key-file, or for decryption only with"
            + " --decryption-key-file or SKEIN_DECRYPTION_KEYS.");
  }

  private static Cipher cipher(int mode, EncryptionKey key, byte[] nonce)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    return cipher;
  }

  private static String encoding(Payload payload) {
    ByteString e = payload.getMetadataMap().get(METADATA_ENCODING);
    return e == null ? "" : e.toStringUtf8();
  }
}
