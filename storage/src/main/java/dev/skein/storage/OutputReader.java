package dev.skein.storage;

import dev.skein.run.OutputRef;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.payload.storage.ExternalStorage;
import io.temporal.payload.storage.StorageDriver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads stored outputs for a client, with the drivers its own {@code WorkflowClient} was built
 * with: the reference names the driver, so a client configured like the workers reads what they
 * wrote, and nothing else is needed.
 */
public final class OutputReader {

  private final Map<String, OutputStore> byDriver;

  private OutputReader(Map<String, OutputStore> byDriver) {
    this.byDriver = byDriver;
  }

  /** A reader over the client's external storage; empty when it has none. */
  public static Optional<OutputReader> of(WorkflowClientOptions options) {
    ExternalStorage storage = options.getExternalStorage();
    if (storage == null || storage.getDrivers().isEmpty()) {
      return Optional.empty();
    }
    Map<String, OutputStore> stores = new LinkedHashMap<>();
    for (StorageDriver driver : storage.getDrivers()) {
      stores.put(
          driver.getName(),
          new OutputStore(
              driver,
              driver.getType() + ":" + driver.getName(),
              OutputStore.DEFAULT_INLINE_LIMIT,
              options.getDataConverter()));
    }
    return Optional.of(new OutputReader(stores));
  }

  /**
   * The text behind {@code ref}.
   *
   * @throws StorageException when this client has no such driver or the output cannot be read
   */
  public String read(OutputRef ref) {
    OutputStore store = byDriver.get(ref.driver());
    if (store == null) {
      throw new StorageException(
          String.join(", ", byDriver.keySet()),
          ref.describe(),
          "the output was stored by driver '"
              + ref.driver()
              + "', which this client is not configured with");
    }
    return store.get(ref);
  }
}
