package dev.skein.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;

/**
 * The data converter every Skein client and worker is built with: the SDK's standard converter and
 * the {@link EncryptionCodec} over it. It is installed even without a key, so that a process
 * without the key, given encrypted payloads, says so in a sentence instead of failing on an unknown
 * encoding. Inside the SDK's external storage, so what is stored outside history is encrypted.
 */
public final class Encryption {

  private Encryption() {}

  /**
   * For {@code WorkflowClientOptions.Builder.setDataConverter}. With a key, failure messages and
   * stack traces are encrypted too (the SDK moves them into an encoded payload): an agent's error
   * can quote its stderr, and so the prompt. Decoding handles both forms either way.
   */
  public static DataConverter dataConverter(EncryptionKeys keys) {
    return new CodecDataConverter(
        DefaultDataConverter.STANDARD_INSTANCE,
        List.of(new EncryptionCodec(keys)),
        keys.encrypts());
  }
}
