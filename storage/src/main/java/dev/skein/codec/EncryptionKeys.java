package dev.skein.codec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The keys of one process: the one new payloads are encrypted with, and older ones kept to decrypt
 * what they encrypted (rotation: make the new key primary, keep the old one for decryption only
 * until no history or store holds payloads encrypted with it).
 *
 * @param primary encrypts what this process writes; empty: nothing is encrypted
 * @param decryptOnly only decrypt
 */
public record EncryptionKeys(Optional<EncryptionKey> primary, List<EncryptionKey> decryptOnly) {

  public EncryptionKeys {
    decryptOnly = List.copyOf(new LinkedHashSet<>(decryptOnly));
  }

  /** No key: payloads are written in the clear, and encrypted ones cannot be read. */
  public static EncryptionKeys none() {
    return new EncryptionKeys(Optional.empty(), List.of());
  }

  public static EncryptionKeys of(EncryptionKey primary, EncryptionKey... decryptOnly) {
    return new EncryptionKeys(Optional.of(primary), List.of(decryptOnly));
  }

  /** Whether this process encrypts what it writes. */
  public boolean encrypts() {
    return primary.isPresent();
  }

  /** Every key that may decrypt, the primary first. */
  public List<EncryptionKey> all() {
    List<EncryptionKey> all = new ArrayList<>();
    primary.ifPresent(all::add);
    decryptOnly.stream().filter(k -> !all.contains(k)).forEach(all::add);
    return all;
  }

  public Optional<EncryptionKey> byId(String id) {
    return all().stream().filter(k -> k.id().equals(id)).findFirst();
  }

  /** For start-up lines: ids only. */
  public String summary() {
    if (primary.isEmpty()) {
      return decryptOnly.isEmpty()
          ? "off"
          : "off (decrypts with "
              + String.join(", ", decryptOnly.stream().map(EncryptionKey::id).toList())
              + ")";
    }
    String extra =
        decryptOnly.isEmpty()
            ? ""
            : ", also decrypts with "
                + String.join(", ", decryptOnly.stream().map(EncryptionKey::id).toList());
    return "AES-256-GCM, key " + primary.get().id() + extra;
  }
}
