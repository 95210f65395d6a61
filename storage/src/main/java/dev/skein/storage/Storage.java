package dev.skein.storage;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.storage.ExternalStorage;
import io.temporal.payload.storage.StorageDriver;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One configured store: the driver, the size above which the SDK keeps a payload outside history,
 * and the size above which an agent output is stored once and referenced. Workers, the CLI, the
 * Java client and the dev server build their clients from the same {@code Storage}, so what one
 * writes the others can read. {@link StorageSettings} is how every entry point makes one.
 *
 * <p>Closing it releases the driver's connections and whatever the store owns (the temporary
 * directory of an embedded run).
 */
public final class Storage implements AutoCloseable {

  /** The SDK's default, and the issue's: payloads above 256 KiB leave history. */
  public static final int DEFAULT_THRESHOLD = 256 * 1024;

  private final StorageDriver driver;
  private final String description;
  private final int threshold;
  private final int inlineOutputLimit;
  private final AutoCloseable owned;
  private final DataConverter converter;
  private final boolean view;
  private OutputStore defaultOutputStore;

  public Storage(StorageDriver driver, String description, int threshold, int inlineOutputLimit) {
    this(driver, description, threshold, inlineOutputLimit, () -> {});
  }

  /**
   * @param owned closed after the driver, for example a temporary directory to remove
   */
  public Storage(
      StorageDriver driver,
      String description,
      int threshold,
      int inlineOutputLimit,
      AutoCloseable owned) {
    this(
        driver,
        description,
        threshold,
        inlineOutputLimit,
        owned,
        DefaultDataConverter.STANDARD_INSTANCE,
        false);
  }

  private Storage(
      StorageDriver driver,
      String description,
      int threshold,
      int inlineOutputLimit,
      AutoCloseable owned,
      DataConverter converter,
      boolean view) {
    this.driver = driver;
    this.description = description;
    this.threshold = threshold;
    this.inlineOutputLimit = inlineOutputLimit;
    this.owned = owned;
    this.converter = converter;
    this.view = view;
  }

  /**
   * This store seen through {@code converter} (a worker's, with its codec): {@link #outputStore()}
   * writes and reads outputs in that form, so with encryption on they are encrypted before they are
   * stored. The same driver; closing the view leaves the store open for whoever opened it.
   */
  public Storage withConverter(DataConverter converter) {
    return new Storage(
        driver, description, threshold, inlineOutputLimit, () -> {}, converter, true);
  }

  /** Files under {@code dir}, with the default sizes. */
  public static Storage fileSystem(Path dir) {
    FileStorageDriver driver = new FileStorageDriver(dir);
    return new Storage(
        driver, driver.describe(), DEFAULT_THRESHOLD, OutputStore.DEFAULT_INLINE_LIMIT);
  }

  /** Objects in S3 (or an S3-compatible server), with the default sizes and timeouts. */
  public static Storage s3(S3Location location) {
    S3StorageDriver driver = new S3StorageDriver(location);
    return new Storage(
        driver, driver.describe(), DEFAULT_THRESHOLD, OutputStore.DEFAULT_INLINE_LIMIT);
  }

  public StorageDriver driver() {
    return driver;
  }

  /** How messages name the store, for example {@code fs:/var/lib/skein/payloads}. */
  public String description() {
    return description;
  }

  public int threshold() {
    return threshold;
  }

  public int inlineOutputLimit() {
    return inlineOutputLimit;
  }

  /** For {@code WorkflowClientOptions.Builder.setExternalStorage}. */
  public ExternalStorage externalStorage() {
    return ExternalStorage.newBuilder()
        .setDriver(driver)
        .setPayloadSizeThreshold(threshold)
        .build();
  }

  public OutputStore outputStore(DataConverter converter) {
    return new OutputStore(driver, description, inlineOutputLimit, converter);
  }

  /**
   * The output store with this storage's converter (the SDK's standard one unless {@link
   * #withConverter} chose another); one per {@code Storage}, so every task queue of a worker shares
   * its cache of recently used outputs.
   */
  public synchronized OutputStore outputStore() {
    if (defaultOutputStore == null) {
      defaultOutputStore = outputStore(converter);
    }
    return defaultOutputStore;
  }

  /**
   * Fails with a {@link StorageException} when the store is certainly unusable; see {@link
   * SkeinStorageDriver#check()}. Drivers that are not Skein's are not checked.
   */
  public void check() {
    if (driver instanceof SkeinStorageDriver d) {
      d.check();
    }
  }

  /** Storage that is switched off: {@link Optional#empty()} stands for it in settings. */
  public static Optional<Storage> none() {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Storage["
        + description
        + ", threshold "
        + threshold
        + " B, inline outputs up to "
        + inlineOutputLimit
        + " B]";
  }

  @Override
  public void close() {
    if (view) {
      return;
    }
    try {
      if (driver instanceof AutoCloseable c) {
        c.close();
      }
      owned.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot close the store " + description, e);
    }
  }
}
