package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * Where an agent output too large to keep in Temporal's history was stored: the storage driver that
 * holds it, the driver's claim (its key), the size and a digest. The output itself was written
 * once, by the worker that ran the agent; records and results carry only this reference, and
 * Skein's clients resolve it through the same store.
 *
 * @param driver the storage driver's name, as the SDK's external-storage references name it
 * @param claim the driver's claim data (for example {@code path}, or {@code bucket} and {@code
 *     key})
 * @param sizeBytes the size of the stored payload
 * @param sha256 hex SHA-256 of the stored payload, checked when it is read back
 * @param preview the first characters of the output, for tables and the UI
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputRef(
    String driver, Map<String, String> claim, long sizeBytes, String sha256, String preview) {

  public OutputRef {
    claim = claim == null ? Map.of() : Map.copyOf(claim);
  }

  /** {@code driver:key} for messages: the claim's key or path, whichever it has. */
  public String describe() {
    String key = claim.getOrDefault("key", claim.getOrDefault("path", claim.toString()));
    String bucket = claim.get("bucket");
    return driver + ":" + (bucket == null ? "" : bucket + "/") + key;
  }
}
