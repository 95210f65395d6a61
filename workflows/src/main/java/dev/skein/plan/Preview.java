package dev.skein.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run of a pipeline will do, worked out before it starts ({@code skein plan}): levels, the
 * size of each fan-out, the most agent calls it can make, the task queues it sends work to, its
 * critical path and, in {@code dataflow} mode, which steps of different levels can overlap. Pure.
 *
 * @param maxAgentCalls the most agent calls, retries included: the sum over steps of tasks times
 *     {@code max_attempts}. Steps skipped by {@code when} or cancelled by a failure make fewer
 * @param taskQueues each queue's steps, in declaration order
 * @param overlaps pairs of steps of different levels that may run at the same time; in {@code
 *     levels} mode none do, so the list is empty
 */
public record Preview(
    Plan plan,
    List<StepPreview> steps,
    long maxAgentCalls,
    Map<String, List<String>> taskQueues,
    List<String> criticalPath,
    List<List<String>> overlaps) {

  /**
   * @param inputs the run's inputs, declared defaults already overridden by those given
   */
  public static Preview of(Plan plan, Map<String, JsonNode> inputs) {
    Pipeline pipeline = plan.pipeline();
    List<StepPreview> steps = new ArrayList<>();
    Map<String, List<String>> queues = new LinkedHashMap<>();
    long calls = 0;
    for (Step step : pipeline.steps()) {
      StepPreview preview = step(plan, step, inputs);
      steps.add(preview);
      calls += preview.maxAgentCalls();
      preview
          .taskQueue()
          .ifPresent(q -> queues.computeIfAbsent(q, k -> new ArrayList<>()).add(step.id()));
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    queues.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    List<List<String>> overlaps =
        switch (pipeline.mode()) {
          case LEVELS -> List.of();
          case DATAFLOW ->
              plan.independentPairs().stream()
                  .filter(p -> plan.levelOf(p.get(0)) != plan.levelOf(p.get(1)))
                  .toList();
        };
    return new Preview(
        plan,
        List.copyOf(steps),
        calls,
        Collections.unmodifiableMap(frozen),
        plan.criticalPath(),
        overlaps);
  }

  private static StepPreview step(Plan plan, Step step, Map<String, JsonNode> inputs) {
    int level = plan.levelOf(step.id());
    int attempts = step.options().retry().maxAttempts();
    if (step.isJoin()) {
      return new StepPreview(
          step.id(),
          level,
          step.kind(),
          Optional.empty(),
          Optional.empty(),
          0,
          Optional.empty(),
          0,
          false);
    }
    Optional<String> queue = Optional.of(step.options().taskQueue());
    if (!step.isFanOut()) {
      return new StepPreview(
          step.id(),
          level,
          step.kind(),
          step.agent(),
          queue,
          attempts,
          Optional.empty(),
          attempts,
          false);
    }
    FanOutSize size = FanOutSizes.of(plan.pipeline(), step, inputs);
    int max = step.options().maxItems();
    boolean assumed = size.tasks().isEmpty() && !size.fails();
    // A fan-out that fails on expansion makes no agent call; an unknown one at most max_items.
    long tasks = size.fails() ? 0 : size.tasks().orElse(max);
    return new StepPreview(
        step.id(),
        level,
        step.kind(),
        step.agent(),
        queue,
        attempts,
        Optional.of(size),
        tasks * attempts,
        assumed);
  }
}
