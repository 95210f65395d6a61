package dev.skein.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.plan.FanOutSize;
import dev.skein.plan.Preview;
import dev.skein.plan.StepPreview;
import java.util.List;
import java.util.Map;

/** The shape {@code skein plan --json} prints; docs/language.md describes it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record PlanJson(
    String pipeline,
    String mode,
    List<List<String>> levels,
    List<Step> steps,
    long maxAgentCalls,
    Map<String, List<String>> taskQueues,
    List<String> criticalPath,
    List<List<String>> overlaps) {

  /**
   * One step. {@code tasks} is 1 for an agent step, 0 for a join, a fan-out's size, or null when
   * that is unknown before the run ({@code tasks_note} says why); {@code tasks_note}, {@code fails}
   * and {@code assumed_max_items} are there for fan-outs only.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Step(
      String id,
      int level,
      String kind,
      String agent,
      String taskQueue,
      int maxAttempts,
      @JsonInclude(JsonInclude.Include.ALWAYS) Integer tasks,
      String tasksNote,
      Boolean fails,
      long maxAgentCalls,
      Boolean assumedMaxItems) {}

  static PlanJson of(Preview preview) {
    return new PlanJson(
        preview.plan().pipeline().name(),
        preview.plan().pipeline().mode().wireName(),
        preview.plan().levels(),
        preview.steps().stream().map(PlanJson::step).toList(),
        preview.maxAgentCalls(),
        preview.taskQueues(),
        preview.criticalPath(),
        preview.overlaps());
  }

  private static Integer tasks(StepPreview s, FanOutSize size) {
    if (size != null) {
      return size.tasks().orElse(null);
    }
    return s.agent().isPresent() ? 1 : 0;
  }

  private static Step step(StepPreview s) {
    FanOutSize size = s.fanOut().orElse(null);
    return new Step(
        s.id(),
        s.level(),
        s.kind().name().toLowerCase(java.util.Locale.ROOT),
        s.agent().orElse(null),
        s.taskQueue().orElse(null),
        s.maxAttempts(),
        tasks(s, size),
        size == null ? null : size.note().orElse(null),
        size == null ? null : size.fails(),
        s.maxAgentCalls(),
        size == null ? null : s.assumedMaxItems());
  }
}
