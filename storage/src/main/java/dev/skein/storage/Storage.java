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
 * writes the others can read.
 */
public final class Storage {

  /** The SDK's default, and the issue's: payloads above 256 KiB leave history. */
  public static final int DEFAULT_THRESHOLD = 256 * 1024;

  private final StorageDriver driver;
  private final String description;
  private final int threshold;
  private final int inlineOutputLimit;

  public Storage(StorageDriver driver, String description, int threshold, int inlineOutputLimit) {
    this.driver = driver;
    this.description = description;
    this.threshold = threshold;
    this.inlineOutputLimit = inlineOutputLimit;
  }

  /** Files under {@code dir}, with the default sizes. */
  public static Storage fileSystem(Path dir) {
    FileStorageDriver driver = new FileStorageDriver(dir);
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

  public OutputStore outputStore() {
    return outputStore(DefaultDataConverter.STANDARD_INSTANCE);
  }

  /** Storage that is switched off: {@link Optional#empty()} stands for it in settings. */
  public static Optional<Storage> none() {
    return Optional.empty();
  }
}
