package dev.skein.storage;

import io.temporal.payload.storage.StorageDriver;

/**
 * A storage driver of Skein's: besides storing and retrieving for the SDK, it names its store for
 * messages, can check at start-up that the store is usable, and releases its connections.
 */
public interface SkeinStorageDriver extends StorageDriver, AutoCloseable {

  /** How messages name the store, for example {@code fs:/var/lib/skein/payloads}. */
  String describe();

  /**
   * Fails with a {@link StorageException} when the store is certainly unusable (a directory that
   * cannot be created, an unreachable endpoint, a missing bucket, refused credentials), so a worker
   * says so when it starts rather than at the first large payload. Writes no payload (the fs driver
   * creates its directory).
   */
  void check();

  @Override
  default void close() {}
}
