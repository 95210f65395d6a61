package dev.skein.cli;

import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
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
        "%s  %s  %s  %s %d/%d  %s",
        r.pipeline() == null ? "?" : r.pipeline(),
        r.workflowId(),
        r.status() == null ? "?" : r.status().wireName(),
        Format.bar(dt[0], dt[1], BAR_WIDTH),
        dt[0],
        dt[1],
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
      statusWidth = Math.max(statusWidth, Format.status(s).length());
    }
    List<String> rows = new ArrayList<>();
    // tokens and cost appear once an agent of the run has reported usage
    boolean spend = r.usage() != null;
    String fmt =
        "  %-" + idWidth + "s  %-" + statusWidth + "s  %8s  %8s" + (spend ? "  %8s  %9s" : "");
    rows.add(String.format(fmt, "STEP", "STATUS", "ATTEMPTS", "ELAPSED", "TOKENS", "COST"));
    for (StepRecord s : Format.steps(r)) {
      String status = String.format("%-" + statusWidth + "s", Format.status(s));
      String row =
          String.format(
              fmt,
              s.id(),
              status,
              s.attempts() == 0 ? "" : String.valueOf(s.attempts()),
              Format.elapsed(s.launchedAt(), s.completedAt(), now),
              Format.tokens(s.usage()),
              Format.cost(s.usage()));
      rows.add(colour ? row.replace(status, Ansi.status(s.status(), status)) : row);
    }
    if (spend) {
      rows.add(
          String.format(
              fmt, "total", "", "", "", Format.tokens(r.usage()), Format.cost(r.usage())));
    }
    return rows;
  }

  static String render(RunResult r, Instant now) {
    StringBuilder sb = new StringBuilder(header(r, now)).append('\n');
    for (String row : rows(r, now, false)) {
      sb.append(row).append('\n');
    }
    if (r.error() != null) {
      sb.append("  error: ")
          .append(r.error().type())
          .append(": ")
          .append(Format.oneLine(r.error().message(), 300))
          .append('\n');
    }
    for (StepRecord s : Format.steps(r)) {
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
