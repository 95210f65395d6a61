package dev.skein.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.template.TemplateContext;
import dev.skein.template.TemplateException;
import dev.skein.template.TemplateRef;
import dev.skein.template.Templates;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a fan-out's {@code for_each} before the run, with the run's inputs, the way the engine
 * will: only what reads nothing but inputs and the pipeline's name can be known in advance.
 */
final class FanOutSizes {

  private FanOutSizes() {}

  static FanOutSize of(Pipeline pipeline, Step step, Map<String, JsonNode> inputs) {
    String template = step.forEach().orElseThrow();
    List<TemplateRef> refs;
    try {
      refs = Templates.references(template);
    } catch (TemplateException e) {
      return FanOutSize.unknown("for_each does not parse: " + e.getMessage());
    }
    Optional<String> unknown = unknowable(refs);
    if (unknown.isPresent()) {
      return FanOutSize.unknown(unknown.get());
    }
    TemplateContext.Builder context = TemplateContext.builder().pipelineName(pipeline.name());
    inputs.forEach(context::input);
    JsonNode items;
    try {
      items = Templates.renderValue(template, context.build());
    } catch (TemplateException e) {
      return FanOutSize.failing(Optional.empty(), "the run would fail the step: " + e.getMessage());
    }
    if (items == null || !items.isArray()) {
      return FanOutSize.failing(
          Optional.empty(),
          "for_each renders to "
              + (items == null ? "nothing" : items.getNodeType().name().toLowerCase())
              + ", not a list: the run would fail the step");
    }
    int max = step.options().maxItems();
    if (items.size() > max) {
      return FanOutSize.failing(
          Optional.of(items.size()),
          "over max_items ("
              + max
              + "): the run would fail the step with FanOutTooLarge before any agent call");
    }
    return FanOutSize.known(items.size());
  }

  /** Why references like these have no value before the run, if they have none. */
  private static Optional<String> unknowable(List<TemplateRef> refs) {
    for (TemplateRef ref : refs) {
      if (ref.stepId().isPresent()) {
        return Optional.of(
            "for_each reads the output of step '"
                + ref.stepId().get()
                + "', known only once it has run");
      }
      if (ref.root().equals("run")) {
        return Optional.of("for_each reads run.id, known only once the run starts");
      }
    }
    return Optional.empty();
  }
}
