package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.skein.contract.FailureTypes;
import dev.skein.output.JoinValue;
import dev.skein.output.Materializer;
import dev.skein.output.OutputValue;
import dev.skein.run.ErrorInfo;
import dev.skein.run.StepStatus;
import java.util.List;

/**
 * Merges a join step's branches in workflow code, without copying them: a small join is put
 * together as text (as it always was), a large one stays a description of its branches that readers
 * put together. Branches arrive in {@code join:} order; skipped (and never-run) branches are left
 * out by the caller, failed ones contribute their error envelope. Pure and deterministic.
 */
final class Joins {

  /** Joins up to this size are kept as their text; larger ones only as their branches. */
  static final int INLINE_LIMIT = 16 * 1024;

  private Joins() {}

  /** The join's output, or why it failed (a structured join that breaks its schema). */
  record Merged(OutputValue value, ErrorInfo error) {}

  static Merged merge(StepState join, List<StepState> branches, Materializer materializer) {
    boolean structured = join.step.outputSchema().isPresent();
    JoinValue value =
        new JoinValue(
            structured ? JoinValue.STRUCTURED : JoinValue.TEXT,
            branches.stream().map(Joins::branch).toList());
    OutputValue derived = OutputValue.joined(value);
    if (structured) {
      JsonNode merged = materializer.element(derived);
      List<String> violations;
      try {
        violations = violations(join.step.outputSchema().get(), merged);
      } catch (RuntimeException badSchema) {
        violations = List.of("output_schema cannot be used: " + badSchema.getMessage());
      }
      if (!violations.isEmpty()) {
        return new Merged(
            null,
            new ErrorInfo(
                FailureTypes.INVALID_OUTPUT,
                "join output does not match output_schema: " + String.join("; ", violations),
                false));
      }
    }
    if (derived.isLocal()) {
      String text = materializer.text(derived);
      if (text.length() <= INLINE_LIMIT) {
        return new Merged(OutputValue.inline(text), null);
      }
    }
    return new Merged(derived, null);
  }

  /** A branch that takes part in the merge: its output, or its error envelope if it failed. */
  private static JoinValue.Branch branch(StepState branch) {
    if (branch.error != null && branch.status == StepStatus.FAILED) {
      return new JoinValue.Branch(branch.id(), OutputValue.failure(branch.error));
    }
    OutputValue v = branch.templateValue();
    return new JoinValue.Branch(branch.id(), v == null ? OutputValue.inline("") : v);
  }

  /** The schema violations of {@code value}, empty when it validates. */
  static List<String> violations(JsonNode schema, JsonNode value) {
    // A registry per call: its caches are not shared between runs or replays.
    Schema compiled =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
    return compiled.validate(value).stream().map(Object::toString).toList();
  }
}
