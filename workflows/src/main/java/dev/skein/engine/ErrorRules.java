package dev.skein.engine;

import dev.skein.condition.Condition;
import dev.skein.condition.ConditionException;
import dev.skein.model.ErrorPolicy;
import dev.skein.model.OnResultRule;
import dev.skein.model.Pipeline;
import dev.skein.run.ErrorInfo;
import dev.skein.template.TemplateContext;
import dev.skein.template.TemplateException;
import io.temporal.workflow.Workflow;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * What a step's end means for the run: whether a failure stops it at once ({@code fail_fast}),
 * whether an {@code on_result} rule aborts it, and how the failure is described.
 */
final class ErrorRules {

  private static final Logger log = Workflow.getLogger(ErrorRules.class);

  private final Pipeline pipeline;
  private final Set<String> waitForAllJoinBranches;

  ErrorRules(Pipeline pipeline) {
    this.pipeline = pipeline;
    this.waitForAllJoinBranches =
        pipeline.steps().stream()
            .filter(s -> s.isJoin() && s.options().onError() == ErrorPolicy.WAIT_FOR_ALL)
            .flatMap(s -> s.join().stream())
            .collect(Collectors.toCollection(HashSet::new));
  }

  /**
   * Whether this failure triggers the run's fail-fast: the run policy is {@code fail_fast}, the
   * step does not {@code allow_failure}, and no {@code wait_for_all} join is waiting for it.
   */
  boolean failsRunAtOnce(StepState step) {
    return pipeline.defaults().onError() == ErrorPolicy.FAIL_FAST
        && !step.step.allowFailure()
        && !waitForAllJoinBranches.contains(step.id());
  }

  /** Whether a failed task stops its siblings: the step's own {@code on_error}. */
  static boolean stopsSiblings(StepState step) {
    return stopsSiblings(step.step);
  }

  static boolean stopsSiblings(dev.skein.model.Step step) {
    return step.options().onError() == ErrorPolicy.FAIL_FAST;
  }

  /** The message of the run's stop when the first matching rule of the step aborts. */
  Optional<String> abort(StepState step, TemplateContext context) {
    List<OnResultRule> rules = step.step.onResult();
    for (int i = 0; i < rules.size(); i++) {
      OnResultRule rule = rules.get(i);
      boolean matches;
      try {
        matches = Condition.parse(rule.when()).evaluate(context, step.id());
      } catch (ConditionException | TemplateException e) {
        log.warn(
            "pipeline={} step={} status={} on_result rule {} cannot be evaluated: {}",
            pipeline.name(),
            step.id(),
            step.status.wireName(),
            i + 1,
            e.getMessage());
        continue;
      }
      if (matches) {
        return rule.action() == OnResultRule.Action.ABORT
            ? Optional.of(
                "step '"
                    + step.id()
                    + "' aborted the run: on_result rule "
                    + (i + 1)
                    + " (when: "
                    + rule.when()
                    + ") matched")
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  static String failureMessage(StepState step) {
    ErrorInfo error = step.error;
    return "step '"
        + step.id()
        + "' failed: "
        + (error == null ? "unknown error" : error.type() + ": " + error.message());
  }
}
