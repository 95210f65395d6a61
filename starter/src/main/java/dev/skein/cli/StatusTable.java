package dev.skein.cli;

import dev.skein.run.FailedAttempt;
import dev.skein.run.GateRecord;
import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The run result as a table: one row per step. */
final class StatusTable {

  private StatusTable() {}

  /** Cells of the header's progress bar (FittedTable narrows it on a narrow terminal). */
  static final int BAR_WIDTH = 20;

  /** The header line: pipeline, workflow id, status, progress and elapsed time. */
  static String header(RunResult r, Instant now) {
    int[] dt = Format.doneOfTotal(r);
    return String.format(
        "%s  %s  %s  %s %s  %s",
        r.pipeline() == null ? "?" : r.pipeline(),
        r.workflowId(),
        r.status() == null ? "?" : r.status().wireName(),
        Format.bar(dt[0], dt[1], BAR_WIDTH),
        Format.doneOfTotalText(dt),
        Format.runElapsed(r, now));
  }

  /** Rows, {@code colour} adds ANSI colours to the status column. */
  static List<String> rows(RunResult r, Instant now, boolean colour) {
    int idWidth = 4;
    for (StepRecord s : Format.steps(r)) {
      idWidth = Math.max(idWidth, s.id().length());
    }
    int statusWidth = 9;
    for (StepRecord s : Format.steps(r)) {
      statusWidth = Math.max(statusWidth, statusOf(s).length());
    }
    List<String> rows = new ArrayList<>();
    // tokens and cost appear once an agent of the run has reported usage
    boolean spend = r.usage() != null;
    // What the service says of calls in flight (progress, last failure) goes last, where a narrow
    // terminal cuts it first.
    boolean detail = Format.steps(r).stream().anyMatch(s -> !Format.detail(s).isEmpty());
    String fmt =
        "  %-"
            + idWidth
            + "s  %-"
            + statusWidth
            + "s  %8s  %8s"
            + (spend ? "  %8s  %9s" : "")
            + (detail ? "  %s" : "");
    rows.add(
        row(
            fmt,
            spend,
            detail,
            "STEP",
            "STATUS",
            "ATTEMPTS",
            "ELAPSED",
            "TOKENS",
            "COST",
            "DETAIL"));
    for (StepRecord s : Format.steps(r)) {
      String status = String.format("%-" + statusWidth + "s", statusOf(s));
      String row =
          row(
              fmt,
              spend,
              detail,
              s.id(),
              status,
              Format.attempts(s),
              Format.elapsed(s.launchedAt(), s.completedAt(), now),
              Format.tokens(s.usage()),
              Format.cost(s.usage()),
              Format.detail(s));
      rows.add(colour ? row.replace(status, Ansi.status(s.status(), status)) : row);
    }
    if (spend) {
      rows.add(
          row(
              fmt,
              true,
              detail,
              "total",
              "",
              "",
              "",
              Format.tokens(r.usage()),
              Format.cost(r.usage()),
              ""));
    }
    return rows;
  }

  /** One row: the spend and detail columns only when the table has them. */
  private static String row(
      String fmt,
      boolean spend,
      boolean detail,
      String id,
      String status,
      String attempts,
      String elapsed,
      String tokens,
      String cost,
      String text) {
    List<Object> cells = new ArrayList<>(List.of(id, status, attempts, elapsed));
    if (spend) {
      cells.add(tokens);
      cells.add(cost);
    }
    if (detail) {
      cells.add(text);
    }
    return String.format(fmt, cells.toArray()).stripTrailing();
  }

  /** A step with a gate open shows {@code waiting}, whatever else it is doing. */
  private static String statusOf(StepRecord s) {
    return s.waiting() != null ? "waiting" : Format.status(s);
  }

  /**
   * One line per gate that waits for a decision: what it waits for, how long it has waited, and the
   * rendered prompt. {@code ship waiting 3m05s for approve|reject: Merge it?}
   */
  static List<String> gates(RunResult r, Instant now) {
    List<String> lines = new ArrayList<>();
    for (StepRecord s : r.steps()) {
      if (s.waiting() == null) {
        continue;
      }
      for (GateRecord g : s.waiting()) {
        lines.add(
            "  "
                + g.label(s.id())
                + " waiting "
                + Format.elapsed(g.since(), null, now)
                + " for "
                + String.join("|", g.accepts())
                + (g.until() == null ? "" : " (until " + g.until() + ")")
                + ": "
                + Format.oneLine(g.prompt(), 300));
      }
    }
    return lines;
  }

  static String render(RunResult r, Instant now) {
    StringBuilder sb = new StringBuilder(header(r, now)).append('\n');
    for (String row : rows(r, now, false)) {
      sb.append(row).append('\n');
    }
    for (String gate : gates(r, now)) {
      sb.append(gate).append('\n');
    }
    if (r.error() != null) {
      sb.append("  error: ")
          .append(r.error().type())
          .append(": ")
          .append(Format.oneLine(r.error().message(), 300))
          .append('\n');
    }
    for (StepRecord s : Format.steps(r)) {
      if (s.live() != null && s.live().warning() != null) {
        sb.append("  ")
            .append(s.id())
            .append(": ")
            .append(s.live().state())
            .append(", ")
            .append(s.live().warning())
            .append('\n');
      }
      if (s.failures() != null && !s.failures().isEmpty() && s.status() != StepStatus.FAILED) {
        FailedAttempt last = s.failures().get(s.failures().size() - 1);
        sb.append("  ")
            .append(s.id())
            .append(": ")
            .append(s.failures().size())
            .append(s.failures().size() == 1 ? " failed attempt" : " failed attempts")
            .append(", the last: attempt ")
            .append(last.attempt())
            .append(": ")
            .append(last.type())
            .append(": ")
            .append(Format.oneLine(last.message(), 300))
            .append('\n');
      }
      if (s.error() != null) {
        sb.append("  ")
            .append(s.id())
            .append(": ")
            .append(s.error().type())
            .append(": ")
            .append(Format.oneLine(s.error().message(), 300))
            .append('\n');
      }
    }
    return sb.toString();
  }
}
