package dev.skein.storage;

import io.temporal.payload.storage.StorageDriverActivityInfo;
import io.temporal.payload.storage.StorageDriverTargetInfo;
import io.temporal.payload.storage.StorageDriverWorkflowInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keys of stored payloads: {@code <namespace>/<workflow id>/<sha256>}. Content-addressed, so a
 * retried store writes the same key and an identical payload is kept once; grouped by workflow so a
 * run's payloads (across continue-as-new) can be found and removed together.
 */
public final class StorageKeys {

  private static final int MAX_SEGMENT = 120;

  private StorageKeys() {}

  public static String keyFor(StorageDriverTargetInfo target, String sha256) {
    return folderFor(target) + "/" + sha256;
  }

  static String folderFor(StorageDriverTargetInfo target) {
    if (target instanceof StorageDriverWorkflowInfo w) {
      return segment(w.getNamespace()) + "/" + segment(w.getId());
    }
    if (target instanceof StorageDriverActivityInfo a) {
      return segment(a.getNamespace()) + "/activity-" + segment(a.getId());
    }
    return "_/_";
  }

  /**
   * A path segment that is safe on every filesystem and in S3 keys. Ids with other characters keep
   * a readable prefix and gain a short digest, so two different ids never share a folder.
   */
  static String segment(String value) {
    if (value == null || value.isEmpty()) {
      return "_";
    }
    String safe = value.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.equals(value) && safe.length() <= MAX_SEGMENT && !safe.startsWith(".")) {
      return safe;
    }
    String digest = sha256(value.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    String head = safe.length() > MAX_SEGMENT ? safe.substring(0, MAX_SEGMENT) : safe;
    return (head.startsWith(".") ? "_" + head.substring(1) : head) + "-" + digest;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
