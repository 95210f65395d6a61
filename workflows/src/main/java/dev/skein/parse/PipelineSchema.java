package dev.skein.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Schema (draft 2020-12) of the pipeline language, for editors that complete and check
 * pipeline files. It describes the shape the parser accepts (keys, types, ranges, the kinds of
 * steps and agents); what needs more than one place of the document at a time (references,
 * templates, conditions, cycles) stays the parser's. {@code docs/skein-pipeline.schema.json} is the
 * same text, and a test keeps both in agreement with the parser.
 */
public final class PipelineSchema {

  /** Where the schema lives on the class path. */
  public static final String RESOURCE = "/dev/skein/parse/skein-pipeline.schema.json";

  private PipelineSchema() {}

  /** The schema, as the JSON text that ships. */
  public static String text() {
    try (InputStream in = PipelineSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the pipeline schema is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
