package dev.skein.parse;

import dev.skein.condition.Condition;
import dev.skein.condition.ConditionException;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code when} comparisons that can never be true, for {@code skein validate} to warn about. A step
 * runs its {@code when} only once the steps it reads are settled: a skipped one would have skipped
 * it, a failure without {@code allow_failure} would have stopped the run or skipped it, and nothing
 * it reads is still pending, running or cancelled. Warnings only: the document is valid.
 */
public final class ConditionWarnings {

  private ConditionWarnings() {}

  public static List<Problem> of(PipelineDocument document, Pipeline pipeline) {
    Problems warnings = new Problems(document);
    Map<String, Step> byId =
        pipeline.steps().stream().collect(Collectors.toMap(Step::id, Function.identity()));
    List<Step> steps = pipeline.steps();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (step.when().isEmpty() || step.isJoin()) {
        continue;
      }
      Condition condition;
      try {
        condition = Condition.parse(step.when().get());
      } catch (ConditionException e) {
        continue;
      }
      for (Condition.StatusTest t : condition.statusTests()) {
        if (!t.matches() || t.step().isEmpty()) {
          continue;
        }
        Optional<String> why = why(t.literal(), byId.get(t.step().get()));
        if (why.isPresent()) {
          warnings.add(
              "/steps/" + i + "/when",
              step.id(),
              "when: " + t.text() + " == '" + t.literal() + "' can never be true: " + why.get());
        }
      }
    }
    return warnings.list();
  }

  private static Optional<String> why(String literal, Step upstream) {
    String id = upstream == null ? "the step" : "'" + upstream.id() + "'";
    return switch (literal) {
      case "skipped" ->
          Optional.of("when " + id + " is skipped, this step is skipped before its when is read");
      case "cancelled" ->
          Optional.of("a cancelled step stops the run before this step's when is read");
      case "pending", "running" ->
          Optional.of(id + " has finished by the time this step's when is read");
      case "failed" ->
          upstream == null || upstream.allowFailure()
              ? Optional.empty()
              : Optional.of(
                  "without allow_failure on "
                      + id
                      + ", its failure stops the run or skips this step; add allow_failure: true"
                      + " to "
                      + id);
      default -> Optional.empty();
    };
  }
}
