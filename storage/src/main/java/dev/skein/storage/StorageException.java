package dev.skein.storage;

/**
 * A payload could not be stored or read back. The message names the store and the key, so a step
 * that fails on it says where to look.
 */
public final class StorageException extends RuntimeException {

  private final String store;
  private final String key;

  public StorageException(String store, String key, String problem, Throwable cause) {
    super(problem + " (store " + store + ", key " + key + ")", cause);
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

  public String key() {
    return key;
  }
}
