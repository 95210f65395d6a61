package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Merges a join step's branches in workflow code. Branches arrive in {@code join:} order, already
 * bucketed: skipped (and never-run) branches are left out by the caller, failed ones carry their
 * error envelope as output. Pure and deterministic.
 */
final class Joins {

  private Joins() {}

  /** A branch that takes part in the merge: its output, or its error envelope if it failed. */
  record Branch(String id, JsonNode value, String text) {}

  static Branch of(StepState branch) {
    if (branch.error != null && branch.status == dev.skein.run.StepStatus.FAILED) {
      ObjectNode envelope = Outputs.envelope(branch.error);
      return new Branch(branch.id(), envelope, envelope.toString());
    }
    String output = branch.effectiveOutput();
    return new Branch(branch.id(), Outputs.parseOrText(output), output == null ? "" : output);
  }

  /** {@code [id]:\n<output>} blocks in join order, separated by a blank line. */
  static String text(List<Branch> branches) {
    return branches.stream()
        .map(b -> "[" + b.id() + "]:\n" + b.text())
        .collect(Collectors.joining("\n\n"));
  }

  /** A JSON object keyed by branch id, in join order. */
  static ObjectNode structured(List<Branch> branches) {
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    branches.forEach(b -> merged.set(b.id(), b.value()));
    return merged;
  }

  /** The schema violations of {@code value}, empty when it validates. */
  static List<String> violations(JsonNode schema, JsonNode value) {
    // A registry per call: its caches are not shared between runs or replays.
    Schema compiled =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
    return compiled.validate(value).stream().map(Object::toString).toList();
  }
}
