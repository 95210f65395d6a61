package dev.skein.visibility;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Skein's custom search attributes, Keyword but for the cost (Double). Their names are a public
 * contract: the Temporal UI, {@code temporal workflow list --query} and other SDKs filter on them.
 *
 * <ul>
 *   <li>{@code SkeinPipeline}: the pipeline's name, set when the run starts
 *   <li>{@code SkeinStatus}: {@code running} from the start ({@code waiting} while a gate waits for
 *       a person's decision), then {@code succeeded}, {@code failed} or {@code cancelled}; a run
 *       that is terminated or times out keeps {@code running}, so {@code ExecutionStatus} is what
 *       tells whether a run is still open
 *   <li>{@code SkeinRetryOf}: the workflow id of the run this one resumes ({@code resume_from} in
 *       the input), unset otherwise
 *   <li>{@code SkeinCostUsd}: what the run's agents spent in USD, set when the run ends, unset when
 *       no agent reported or priced a cost (runs of engine version 4 on)
 * </ul>
 */
public final class SkeinSearchAttributes {

  public static final SearchAttributeKey<String> PIPELINE =
      SearchAttributeKey.forKeyword("SkeinPipeline");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("SkeinStatus");
  public static final SearchAttributeKey<String> RETRY_OF =
      SearchAttributeKey.forKeyword("SkeinRetryOf");

  /** {@code SkeinStatus} while an approval or a paused failure waits for a decision. */
  public static final String WAITING = "waiting";

  /** What the run's agents spent in USD, set when the run ends (engine version 4 on). */
  public static final SearchAttributeKey<Double> COST =
      SearchAttributeKey.forDouble("SkeinCostUsd");

  public static final List<SearchAttributeKey<?>> ALL = List.of(PIPELINE, STATUS, RETRY_OF, COST);

  /**
   * A Keyword value longer than this is refused by some visibility stores (SQL ones keep 255
   * characters); Skein leaves such a value unset rather than have the server fail the workflow
   * task.
   */
  public static final int MAX_VALUE_LENGTH = 255;

  private SkeinSearchAttributes() {}

  /** The type's name as the Temporal CLI and the UI spell it: {@code Keyword}, {@code Double}. */
  public static String typeName(SearchAttributeKey<?> key) {
    return key.getValueType() == IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE ? "Double" : "Keyword";
  }

  /** {@code SkeinPipeline (Keyword), …, SkeinCostUsd (Double)}, for messages. */
  public static String described() {
    return ALL.stream()
        .map(k -> k.getName() + " (" + typeName(k) + ")")
        .collect(Collectors.joining(", "));
  }

  public static List<String> names() {
    return ALL.stream().map(SearchAttributeKey::getName).toList();
  }

  /** The Temporal CLI command that registers them all, for operators and messages. */
  public static String createCommand(String namespace) {
    return "temporal operator search-attribute create --namespace "
        + namespace
        + ALL.stream()
            .map(k -> " --name " + k.getName() + " --type " + typeName(k))
            .collect(Collectors.joining());
  }
}
