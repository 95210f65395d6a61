package dev.skein.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.model.AgentConfig;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.template.TemplateRef;
import dev.skein.template.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What in a valid pipeline is likely to run into one of Temporal's limits, for {@code skein
 * validate} to warn about before anything runs. Nothing here is an error: inputs given at start,
 * and storage on the workers, decide.
 */
public final class SizeWarnings {

  /** Temporal refuses a payload over 2 MB; Skein keeps larger outputs in storage. */
  static final long PAYLOAD_LIMIT = 2L * 1000 * 1000;

  private SizeWarnings() {}

  public static List<String> of(Pipeline pipeline) {
    List<String> warnings = new ArrayList<>();
    for (Step step : pipeline.steps()) {
      maxOutput(pipeline, step).ifPresent(warnings::add);
      fanOutSize(pipeline, step).ifPresent(warnings::add);
    }
    return warnings;
  }

  private static Optional<String> maxOutput(Pipeline pipeline, Step step) {
    Optional<AgentConfig> agent =
        step.agent().flatMap(name -> pipeline.agent(name)).filter(a -> a.maxOutputBytes() != null);
    if (agent.isEmpty() || agent.get().maxOutputBytes() <= PAYLOAD_LIMIT) {
      return Optional.empty();
    }
    return Optional.of(
        "step '"
            + step.id()
            + "': max_output is "
            + agent.get().maxOutputBytes()
            + " bytes, over Temporal's 2 MB payload limit: such outputs need storage on the"
            + " workers (on by default; with --storage none they fail as OutputTooLarge)");
  }

  /** A {@code for_each} over an input whose default list is larger than {@code max_items}. */
  private static Optional<String> fanOutSize(Pipeline pipeline, Step step) {
    if (step.forEach().isEmpty()) {
      return Optional.empty();
    }
    List<TemplateRef> refs;
    try {
      refs = Templates.references(step.forEach().get());
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
    if (refs.size() != 1 || refs.get(0).inputName().isEmpty() || refs.get(0).path().size() != 1) {
      return Optional.empty();
    }
    JsonNode items = pipeline.inputs().get(refs.get(0).inputName().get());
    int max = step.options().maxItems();
    if (items == null || !items.isArray() || items.size() <= max) {
      return Optional.empty();
    }
    return Optional.of(
        "step '"
            + step.id()
            + "': for_each reads input '"
            + refs.get(0).inputName().get()
            + "', whose default has "
            + items.size()
            + " items, over max_items ("
            + max
            + "): the run fails with FanOutTooLarge unless the input is smaller or max_items"
            + " larger (at most 100,000)");
  }
}
