package dev.skein.cli;

import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskRecord;
import dev.skein.run.Usage;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;

/** A run as a Mermaid Gantt chart; times are Unix milliseconds ({@code dateFormat x}). */
final class Timeline {

  private Timeline() {}

  static String gantt(RunResult run, Instant now) {
    StringBuilder sb = new StringBuilder("gantt\n");
    sb.append("  title ")
        .append(run.pipeline() == null ? "run" : run.pipeline())
        .append(" (")
        .append(run.workflowId())
        .append(", ")
        .append(run.status() == null ? "?" : run.status().wireName())
        .append(")\n");
    sb.append("  dateFormat x\n");
    sb.append("  axisFormat %H:%M:%S\n");
    TreeMap<Integer, StringBuilder> sections = new TreeMap<>();
    for (StepRecord step : Format.steps(run)) {
      StringBuilder section = sections.computeIfAbsent(step.level(), l -> new StringBuilder());
      if (step.tasks() != null && !step.tasks().isEmpty()) {
        for (TaskRecord task : step.tasks()) {
          bar(
              section,
              step.id() + "#" + task.index(),
              task.status(),
              task.launchedAt(),
              task.completedAt(),
              task.usage(),
              now);
        }
      } else {
        bar(
            section,
            step.id(),
            step.status(),
            step.launchedAt(),
            step.completedAt(),
            step.usage(),
            now);
      }
    }
    sections.forEach(
        (level, bars) -> {
          if (bars.length() > 0) {
            sb.append("  section level ").append(level).append('\n').append(bars);
          }
        });
    return sb.toString();
  }

  /** {@code ; 1.2k tokens; $0.0300}, or nothing without usage. */
  private static String spend(Usage usage) {
    if (usage == null) {
      return "";
    }
    String cost = Format.cost(usage);
    return "; " + Format.tokens(usage) + " tokens" + (cost.isEmpty() ? "" : "; " + cost);
  }

  private static void bar(
      StringBuilder sb,
      String name,
      StepStatus status,
      String launched,
      String completed,
      Usage usage,
      Instant now) {
    Optional<Instant> start = Format.instant(launched);
    if (start.isEmpty()) {
      return; // never launched: pending, skipped, or cancelled before it started
    }
    Instant end = Format.instant(completed).orElse(now);
    if (!end.isAfter(start.get())) {
      end = start.get().plusMillis(1); // Mermaid drops zero-length bars
    }
    String tag =
        switch (status == null ? StepStatus.PENDING : status) {
          case RUNNING -> "active, ";
          case FAILED -> "crit, done, ";
          case SUCCEEDED -> "done, ";
          // Mermaid has no tag for "stopped early"; a cancelled or skipped bar stays untagged
          // (its name says which) so it is not drawn as finished work.
          case SKIPPED, CANCELLED, PENDING -> "";
        };
    sb.append("    ")
        .append(name)
        .append(" (")
        .append(status == null ? "?" : status.wireName())
        .append(spend(usage))
        .append(") :")
        .append(tag)
        .append(start.get().toEpochMilli())
        .append(", ")
        .append(end.toEpochMilli())
        .append('\n');
  }
}
