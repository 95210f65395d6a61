package dev.skein.template;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The values templates and conditions can see: inputs, finished steps (status and output), the
 * fan-out item and index, the run id and pipeline name. Immutable; built per render.
 */
public final class TemplateContext {

  public static Builder builder() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Builds a context. */
  public interface Builder {
    Builder input(String name, JsonNode value);

    /** A step the template may read; {@code output} is its text (null if none yet). */
    Builder step(String id, String status, String output);

    Builder item(JsonNode item, int index);

    Builder runId(String runId);

    Builder pipelineName(String name);

    TemplateContext build();
  }
}
