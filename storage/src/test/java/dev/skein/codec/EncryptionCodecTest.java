package dev.skein.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.run.OutputRef;
import dev.skein.storage.OutputStore;
import dev.skein.storage.Storage;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.storage.StorageDriverWorkflowInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-256-GCM over payloads: round trip, rotation, and what a process without the key is told. */
class EncryptionCodecTest {

  private static final String SECRET = "the customer's proprietary prompt";
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  static EncryptionKey newKey() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return EncryptionKey.of(b);
  }

  @Test
  void encryptsWholePayloadsAndReadsThemBack() {
    EncryptionKey key = newKey();
    DataConverter converter = Encryption.dataConverter(EncryptionKeys.of(key));

    Payload sealed = converter.toPayload(SECRET).orElseThrow();

    assertThat(sealed.toByteString().toStringUtf8()).doesNotContain("proprietary");
    assertThat(sealed.getMetadataMap().get("encoding").toStringUtf8())
        .isEqualTo("binary/encrypted");
    assertThat(sealed.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo(key.id());
    assertThat(sealed.getData().size()).isEqualTo(12 + DataConverterSizes.plain(SECRET) + 16);
    assertThat(converter.fromPayload(sealed, String.class, String.class)).isEqualTo(SECRET);
    assertThat(converter.toPayload(SECRET).orElseThrow().getData())
        .as("a fresh nonce each time")
        .isNotEqualTo(sealed.getData());
  }

  @Test
  void rotationReadsOldPayloadsWithADecryptOnlyKeyAndWritesWithTheNewOne() {
    EncryptionKey old = newKey();
    EncryptionKey fresh = newKey();
    Payload written = Encryption.dataConverter(EncryptionKeys.of(old)).toPayload(SECRET).get();
    DataConverter rotated = Encryption.dataConverter(EncryptionKeys.of(fresh, old));

    assertThat(rotated.fromPayload(written, String.class, String.class)).isEqualTo(SECRET);
    assertThat(
            rotated
                .toPayload(SECRET)
                .get()
                .getMetadataMap()
                .get("encryption-key-id")
                .toStringUtf8())
        .isEqualTo(fresh.id());
    assertThatThrownBy(
            () ->
                Encryption.dataConverter(EncryptionKeys.of(fresh))
                    .fromPayload(written, String.class, String.class))
        .isInstanceOf(EncryptionKeyException.class)
        .hasMessageContaining("encrypted with key " + old.id())
        .hasMessageContaining("not among this process's keys (" + fresh.id() + ")")
        .hasMessageContaining("--decryption-key-file");
  }

  @Test
  void withoutAKeyItSaysSoAndPlainPayloadsStillRead() {
    Payload written = Encryption.dataConverter(EncryptionKeys.of(newKey())).toPayload(SECRET).get();
    DataConverter none = Encryption.dataConverter(EncryptionKeys.none());

    assertThatThrownBy(() -> none.fromPayload(written, String.class, String.class))
        .isInstanceOf(EncryptionKeyException.class)
        .hasMessageContaining("this process has no encryption key")
        .hasMessageContaining("SKEIN_ENCRYPTION_KEY");
    Payload plain = none.toPayload("before encryption").get();
    assertThat(plain.getData().toStringUtf8()).contains("before encryption");
    assertThat(
            Encryption.dataConverter(EncryptionKeys.of(newKey()))
                .fromPayload(plain, String.class, String.class))
        .isEqualTo("before encryption");
  }

  @Test
  void anAlteredPayloadDoesNotOpen() {
    EncryptionKey key = newKey();
    DataConverter converter = Encryption.dataConverter(EncryptionKeys.of(key));
    Payload sealed = converter.toPayload(SECRET).get();
    byte[] data = sealed.getData().toByteArray();
    data[20] ^= 1;
    Payload altered =
        sealed.toBuilder().setData(com.google.protobuf.ByteString.copyFrom(data)).build();

    assertThatThrownBy(() -> converter.fromPayload(altered, String.class, String.class))
        .isInstanceOf(EncryptionKeyException.class)
        .hasMessageContaining("it was altered");
  }

  @Test
  void keysComeFromTheVariableOrAFileAndBadOnesAreNamed() throws Exception {
    EncryptionKey key = newKey();
    EncryptionKey old = newKey();
    String b64 = Base64.getEncoder().encodeToString(key.bytes());
    Path file = Files.writeString(dir.resolve("key"), b64 + "\n");

    EncryptionKeys fromEnv =
        EncryptionSettings.fromEnvironment()
            .resolve(
                Map.of(
                    "SKEIN_ENCRYPTION_KEY",
                    b64,
                    "SKEIN_DECRYPTION_KEYS",
                    Base64.getEncoder().encodeToString(old.bytes())));
    EncryptionKeys fromFile = EncryptionSettings.keyFile(file).resolve(Map.of());

    assertThat(fromEnv.primary()).contains(key);
    assertThat(fromEnv.decryptOnly()).containsExactly(old);
    assertThat(fromFile.primary()).contains(key);
    assertThat(EncryptionSettings.fromEnvironment().resolve(Map.of()).encrypts()).isFalse();
    assertThatThrownBy(
            () ->
                EncryptionSettings.fromEnvironment()
                    .resolve(Map.of("SKEIN_ENCRYPTION_KEY", "c2hvcnQ=")))
        .isInstanceOf(InvalidEncryptionSettingsException.class)
        .hasMessageContaining("SKEIN_ENCRYPTION_KEY holds 5 bytes");
    assertThatThrownBy(() -> EncryptionSettings.keyFile(dir.resolve("none")).resolve(Map.of()))
        .hasMessageContaining("no such file");
    assertThat(fromEnv.summary()).contains(key.id()).doesNotContain(b64);
  }

  @Test
  void largeOutputsAreEncryptedBeforeTheyAreStored() throws Exception {
    EncryptionKey key = newKey();
    String large = (SECRET + " ").repeat(2000);
    try (Storage storage = Storage.fileSystem(dir.resolve("store"))) {
      OutputStore store =
          storage.withConverter(Encryption.dataConverter(EncryptionKeys.of(key))).outputStore();

      OutputRef ref = store.put(large, new StorageDriverWorkflowInfo("default", "wf/1", "r", "T"));

      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir.resolve("store"))) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      assertThat(files).isNotEmpty();
      for (Path f : files) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .doesNotContain("proprietary");
      }
      assertThat(
              storage
                  .withConverter(Encryption.dataConverter(EncryptionKeys.of(key)))
                  .outputStore()
                  .get(ref))
          .isEqualTo(large);
      assertThatThrownBy(() -> storage.outputStore().get(ref))
          .hasMessageContaining("cannot be decoded");
    }
  }

  /** The size of the standard converter's payload for a string, as the codec encrypts it. */
  static final class DataConverterSizes {
    static int plain(String s) {
      return io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE
          .toPayload(s)
          .get()
          .getSerializedSize();
    }
  }
}
