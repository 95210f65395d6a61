package dev.skein.output;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.run.ErrorInfo;
import dev.skein.run.OutputRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A step's output as the engine holds it, without copying anything: text kept inline, a reference
 * to an output stored once outside history, or a value derived from others (a fan-out's tasks in
 * input order, a join's branches) that is put together only where someone reads it. Exactly one
 * field is set.
 *
 * <p>It travels to agents (a prompt that reads a stored output is rendered by the worker that runs
 * it, which reads the store) and across continue-as-new, always as this small description.
 *
 * @param text an inline output
 * @param ref an output stored outside history
 * @param items a fan-out's outputs in input order
 * @param join a join's branches
 * @param error what a failed task or branch contributes: {@code {"error": {"type", "message"}}}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutputValue(
    String text, OutputRef ref, List<OutputValue> items, JoinValue join, ErrorInfo error) {

  public OutputValue {
    items = items == null ? null : List.copyOf(items);
  }

  public static OutputValue inline(String text) {
    return new OutputValue(text == null ? "" : text, null, null, null, null);
  }

  public static OutputValue stored(OutputRef ref) {
    return new OutputValue(null, ref, null, null, null);
  }

  public static OutputValue array(List<OutputValue> items) {
    return new OutputValue(null, null, items, null, null);
  }

  public static OutputValue joined(JoinValue join) {
    return new OutputValue(null, null, null, join, null);
  }

  public static OutputValue failure(ErrorInfo error) {
    return new OutputValue(null, null, null, null, error);
  }

  /** Whether every part is inline, so it can be read without the store. */
  @JsonIgnore
  public boolean isLocal() {
    if (ref != null) {
      return false;
    }
    if (items != null) {
      return items.stream().allMatch(OutputValue::isLocal);
    }
    if (join != null) {
      return join.branches().stream().allMatch(b -> b.value().isLocal());
    }
    return true;
  }

  /** Every stored output this value reads, in order. */
  public List<OutputRef> refs() {
    List<OutputRef> refs = new ArrayList<>();
    collectRefs(refs);
    return refs;
  }

  void collectRefs(Collection<OutputRef> into) {
    if (ref != null) {
      into.add(ref);
    } else if (items != null) {
      items.forEach(i -> i.collectRefs(into));
    } else if (join != null) {
      join.branches().forEach(b -> b.value().collectRefs(into));
    }
  }
}
