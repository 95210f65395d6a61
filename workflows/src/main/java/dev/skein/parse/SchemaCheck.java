package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Optional;

/**
 * Checks that an {@code output_schema} is a JSON Schema, by validating it against the draft 2020-12
 * meta-schema (bundled in the validator's jar, so nothing is fetched).
 */
final class SchemaCheck {

  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

  private SchemaCheck() {}

  /** Immutable once built; loaded on first use. */
  private static final class Holder {
    static final Schema META =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaLocation.of(META_SCHEMA));
  }

  /** Why the schema is not valid, or empty when it is. */
  static Optional<String> problem(JsonNode schema) {
    List<Error> errors;
    try {
      errors = Holder.META.validate(schema);
    } catch (RuntimeException e) {
      return Optional.of("it could not be checked: " + e.getMessage());
    }
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    Error first = errors.get(0);
    String where = first.getInstanceLocation().toString();
    String message = first.getMessage();
    return Optional.of(
        (where.isEmpty() || where.equals("$") ? "" : "at " + where + ": ")
            + message
            + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
  }
}
