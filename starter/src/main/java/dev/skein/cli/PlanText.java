package dev.skein.cli;

import dev.skein.model.Pipeline;
import dev.skein.plan.FanOutSize;
import dev.skein.plan.Preview;
import dev.skein.plan.StepPreview;
import java.util.List;
import java.util.Map;

/** {@code skein plan} for a person: one line per step under its level, then the totals. */
final class PlanText {

  /** Overlapping pairs shown before the rest is counted; a wide pipeline has thousands. */
  private static final int PAIRS_SHOWN = 20;

  private PlanText() {}

  static String of(Preview preview) {
    Pipeline p = preview.plan().pipeline();
    List<List<String>> levels = preview.plan().levels();
    StringBuilder sb = new StringBuilder();
    sb.append(p.name())
        .append(": ")
        .append(p.steps().size())
        .append(p.steps().size() == 1 ? " step in " : " steps in ")
        .append(levels.size())
        .append(levels.size() == 1 ? " level" : " levels")
        .append(" (")
        .append(p.mode().wireName())
        .append(" mode)\n");
    int width = p.steps().stream().mapToInt(s -> s.id().length()).max().orElse(4);
    for (int level = 0; level < levels.size(); level++) {
      sb.append("level ").append(level).append('\n');
      for (String id : levels.get(level)) {
        StepPreview step =
            preview.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        sb.append("  ")
            .append(String.format("%-" + width + "s", id))
            .append("  ")
            .append(describe(step))
            .append('\n');
      }
    }
    sb.append("agent calls: at most ")
        .append(preview.maxAgentCalls())
        .append(" (retries included")
        .append(assumed(preview))
        .append(")\n");
    sb.append("task queues: ").append(queues(preview.taskQueues())).append('\n');
    sb.append("critical path: ")
        .append(preview.criticalPath().size())
        .append(preview.criticalPath().size() == 1 ? " step" : " steps")
        .append(
            preview.criticalPath().isEmpty()
                ? ""
                : ", " + String.join(" -> ", preview.criticalPath()))
        .append('\n');
    switch (p.mode()) {
      case LEVELS ->
          sb.append("overlap: only steps of the same level run at the same time (levels mode)\n");
      case DATAFLOW -> overlaps(preview.overlaps(), sb);
    }
    return sb.toString();
  }

  private static String describe(StepPreview step) {
    if (step.agent().isEmpty()) {
      return "join, no agent call";
    }
    StringBuilder sb = new StringBuilder();
    sb.append(step.fanOut().isPresent() ? "fan-out of " + tasks(step.fanOut().get()) : "agent")
        .append(" · ")
        .append(step.agent().get())
        .append(" on queue ")
        .append(step.taskQueue().orElseThrow())
        .append(" · up to ")
        .append(step.maxAttempts())
        .append(step.maxAttempts() == 1 ? " attempt" : " attempts")
        .append(" · at most ")
        .append(step.maxAgentCalls())
        .append(step.maxAgentCalls() == 1 ? " call" : " calls");
    step.fanOut()
        .flatMap(FanOutSize::note)
        .ifPresent(note -> sb.append(" (").append(note).append(')'));
    return sb.toString();
  }

  private static String tasks(FanOutSize size) {
    return size.tasks().map(n -> n + (n == 1 ? " task" : " tasks")).orElse("unknown size");
  }

  private static String assumed(Preview preview) {
    List<String> assumed =
        preview.steps().stream().filter(StepPreview::assumedMaxItems).map(StepPreview::id).toList();
    return assumed.isEmpty()
        ? ""
        : "; fan-outs of unknown size counted at their max_items: " + String.join(", ", assumed);
  }

  private static String queues(Map<String, List<String>> queues) {
    if (queues.isEmpty()) {
      return "none (no agent steps)";
    }
    StringBuilder sb = new StringBuilder();
    queues.forEach(
        (queue, steps) ->
            sb.append(sb.isEmpty() ? "" : ", ")
                .append(queue)
                .append(" (")
                .append(String.join(", ", steps))
                .append(')'));
    return sb.toString();
  }

  private static void overlaps(List<List<String>> pairs, StringBuilder sb) {
    if (pairs.isEmpty()) {
      sb.append("overlap: no step can start before its whole level would (dataflow mode)\n");
      return;
    }
    sb.append(
        "overlap: in dataflow mode these steps of different levels can run at the same time:\n");
    pairs.stream()
        .limit(PAIRS_SHOWN)
        .forEach(
            pair ->
                sb.append("  ")
                    .append(pair.get(0))
                    .append(" and ")
                    .append(pair.get(1))
                    .append('\n'));
    if (pairs.size() > PAIRS_SHOWN) {
      sb.append("  … and ").append(pairs.size() - PAIRS_SHOWN).append(" more pairs (see --json)\n");
    }
  }
}
