package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline document read from YAML or JSON, before validation: the JSON tree (which is also the
 * workflow input) and, when it came from text, the line of each node so problems can name it.
 *
 * @param source file name or another label for messages; empty for trees from the wire
 * @param lines 1-based line of each node, keyed by JSON Pointer ({@code /steps/2/prompt})
 */
public record PipelineDocument(JsonNode tree, Optional<String> source, Map<String, Integer> lines) {

  /** Reads a file (YAML or JSON); unreadable or malformed text is an invalid pipeline. */
  public static PipelineDocument read(Path file) throws InvalidPipelineException {
    throw new UnsupportedOperationException("TODO");
  }

  /** Parses YAML or JSON text; {@code source} names it in messages. */
  public static PipelineDocument parse(String text, String source) throws InvalidPipelineException {
    throw new UnsupportedOperationException("TODO");
  }

  /** A tree that arrived without text (the workflow input). */
  public static PipelineDocument of(JsonNode tree) {
    return new PipelineDocument(tree, Optional.empty(), Map.of());
  }
}
