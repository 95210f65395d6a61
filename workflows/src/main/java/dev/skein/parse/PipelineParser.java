package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.model.Pipeline;

/**
 * Turns a document into a validated {@link Pipeline}. The CLI and the workflow use this same code,
 * so a bad document from any client gets the same errors. Pure and deterministic.
 */
public final class PipelineParser {

  private PipelineParser() {}

  /** Parses and validates, collecting every problem before throwing. */
  public static Pipeline parse(PipelineDocument document) throws InvalidPipelineException {
    throw new UnsupportedOperationException("TODO");
  }

  public static Pipeline parse(JsonNode tree) throws InvalidPipelineException {
    return parse(PipelineDocument.of(tree));
  }
}
