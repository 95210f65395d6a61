package dev.skein.agents.output;

import dev.skein.contract.FailureTypes;
import dev.skein.contract.OutputActivities;
import dev.skein.run.OutputRef;
import dev.skein.storage.OutputStore;
import dev.skein.storage.StorageException;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * {@code LoadOutput}: checks that a stored output can be read here, then hands the workflow the
 * SDK's reference to it, which the workflow's worker resolves; history keeps only the reference.
 * Checking first turns a missing or unreadable output into a named step failure instead of a
 * workflow task that cannot be processed.
 */
public final class OutputActivitiesImpl implements OutputActivities {

  private final Optional<OutputStore> store;

  public OutputActivitiesImpl(Optional<OutputStore> store) {
    this.store = store;
  }

  @Override
  public RawValue loadOutput(OutputRef ref) {
    OutputStore s =
        store.orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "the output stored at "
                        + ref.describe()
                        + " cannot be read: this worker has no storage configured",
                    FailureTypes.STORAGE_ERROR));
    try {
      s.get(ref);
    } catch (StorageException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.STORAGE_ERROR);
    }
    return new RawValue(OutputStore.referencePayload(ref));
  }
}
