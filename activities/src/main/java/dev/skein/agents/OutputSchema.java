package dev.skein.agents;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.skein.contract.FailureTypes;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** A step's {@code output_schema}: the agent's output must parse as JSON and validate. */
final class OutputSchema {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Schemas without {@code $schema} are read as draft 2020-12. */
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private static final int ERRORS_SHOWN = 3;

  private OutputSchema() {}

  /** The output parsed as JSON, or an {@code InvalidOutput} failure saying what is wrong. */
  static JsonNode check(AgentCall call, JsonNode schemaNode, String output) {
    JsonNode json;
    try {
      json = JSON.readTree(output);
    } catch (IOException e) {
      throw call.failure(
          FailureTypes.INVALID_OUTPUT,
          "the output is not JSON, but the step has an output_schema.",
          true);
    }
    if (json == null || json.isMissingNode()) {
      throw call.failure(
          FailureTypes.INVALID_OUTPUT,
          "the output is empty, but the step has an output_schema.",
          true);
    }
    Schema schema;
    try {
      schema = REGISTRY.getSchema(schemaNode);
    } catch (SchemaException e) {
      throw call.configError("the step's output_schema is not a valid JSON Schema.");
    }
    List<Error> errors = schema.validate(json);
    if (!errors.isEmpty()) {
      String shown =
          errors.stream()
              .limit(ERRORS_SHOWN)
              .map(Error::toString)
              .collect(Collectors.joining("; "));
      throw call.failure(
          FailureTypes.INVALID_OUTPUT,
          "the output does not match the output_schema: "
              + shown
              + (errors.size() > ERRORS_SHOWN
                  ? " (and " + (errors.size() - ERRORS_SHOWN) + " more)."
                  : "."),
          true);
    }
    return json;
  }
}
