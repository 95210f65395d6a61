package dev.skein.storage;

/**
 * A payload could not be stored or read back. The message names the store and the key, so a step
 * that fails on it says where to look.
 */
public final class StorageException extends RuntimeException {

  private final String store;
  private final String key;

  /**
   * @param key the payload's key; null for a failure about the whole store (a start-up check)
   */
  public StorageException(String store, String key, String problem, Throwable cause) {
    super(problem + " (store " + store + (key == null ? "" : ", key " + key) + ")", cause);
    this.store = store;
    this.key = key;
  }

  public StorageException(String store, String key, String problem) {
    this(store, key, problem, null);
  }

  /** The store, for example {@code fs:/var/lib/skein/payloads} or {@code s3://bucket/prefix}. */
  public String store() {
    return store;
  }

  /** The payload's key, or null when the failure is about the whole store. */
  public String key() {
    return key;
  }
}
