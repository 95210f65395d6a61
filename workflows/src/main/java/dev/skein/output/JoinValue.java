package dev.skein.output;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A join step's output before it is put together: its branches in {@code join:} order (skipped ones
 * left out, failed ones as error envelopes).
 *
 * @param mode {@code text} ({@code [id]:} blocks) or {@code structured} (an object keyed by branch
 *     id, when the join has an {@code output_schema})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JoinValue(String mode, List<Branch> branches) {

  public static final String TEXT = "text";
  public static final String STRUCTURED = "structured";

  public JoinValue {
    branches = List.copyOf(branches);
  }

  public boolean structured() {
    return STRUCTURED.equals(mode);
  }

  /** One branch: its step id and its output (or error envelope). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Branch(String id, OutputValue value) {}
}
