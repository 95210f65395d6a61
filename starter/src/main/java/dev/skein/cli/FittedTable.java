package dev.skein.cli;

import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The live table fitted to the terminal. A table taller than the screen cannot be repainted in
 * place (the cursor cannot move up into scrollback, so every repaint leaves a copy behind), and a
 * line wider than the screen wraps into rows the repaint does not count. So: the header and the
 * progress bar always, then running and failed steps first, then the others in declaration order
 * while they fit, the rest summed up in one line; every line cut to the width.
 */
final class FittedTable {

  private FittedTable() {}

  /** The lines to draw; never more than {@code size.rows() - 1}, none wider than the screen. */
  static List<String> lines(RunResult r, Instant now, boolean colour, TerminalSize size) {
    List<String> table = StatusTable.rows(r, now, colour);
    List<StepRecord> steps = Format.steps(r);
    List<List<String>> groups = new ArrayList<>();
    List<String> trailer = new ArrayList<>();
    group(table.subList(1, table.size()), steps, groups, trailer);
    // Gates waiting for a decision come last and stay with the total, since someone must act.
    trailer.addAll(StatusTable.gates(r, now));

    // One row stays free for the cursor: drawing on the last row would scroll the header away.
    int budget = size.rows() - 1;
    List<String> out = new ArrayList<>();
    out.add(header(r, now, size.columns() - 1));
    int left = budget - 1 - 1 - trailer.size();
    int all = groups.stream().mapToInt(List::size).sum();
    if (left >= all) {
      out.add(table.get(0));
      groups.forEach(out::addAll);
      out.addAll(trailer);
    } else if (budget >= 3) {
      out.add(table.get(0));
      out.addAll(fit(groups, steps, left - 1));
      out.addAll(trailer.subList(0, Math.min(trailer.size(), Math.max(0, budget - out.size()))));
    }
    int width = Math.max(1, size.columns() - 1);
    return out.stream().limit(Math.max(1, budget)).map(l -> Ansi.truncate(l, width)).toList();
  }

  /**
   * The header in {@code width} columns: the progress bar narrows (to {@value #MIN_BAR} cells) so
   * the counts and the elapsed time after it stay on screen.
   */
  static String header(RunResult r, Instant now, int width) {
    String header = StatusTable.header(r, now);
    int[] dt = Format.doneOfTotal(r);
    String bar = Format.bar(dt[0], dt[1], StatusTable.BAR_WIDTH);
    int over = Ansi.visibleLength(header) - width;
    if (over <= 0 || !header.contains(bar)) {
      return header;
    }
    int cells = Math.max(MIN_BAR, StatusTable.BAR_WIDTH - over);
    return header.replace(bar, Format.bar(dt[0], dt[1], cells));
  }

  private static final int MIN_BAR = 5;

  /** The rows of the steps that fit in {@code room} lines, and a line summing up the others. */
  private static List<String> fit(List<List<String>> groups, List<StepRecord> steps, int room) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      if (isUrgent(steps.get(i))) {
        order.add(i);
      }
    }
    for (int i = 0; i < groups.size(); i++) {
      if (!isUrgent(steps.get(i))) {
        order.add(i);
      }
    }
    List<String> shown = new ArrayList<>();
    Map<String, Integer> hidden = new LinkedHashMap<>();
    int hiddenCount = 0;
    for (int i : order) {
      if (shown.size() + groups.get(i).size() <= room) {
        shown.addAll(groups.get(i));
      } else {
        hidden.merge(Format.status(steps.get(i)).split(" ")[0], 1, Integer::sum);
        hiddenCount++;
      }
    }
    shown.add(
        "  … "
            + Words.count(hiddenCount, "more step")
            + ": "
            + hidden.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", ")));
    return shown;
  }

  private static boolean isUrgent(StepRecord s) {
    return s.status() == StepStatus.RUNNING || s.status() == StepStatus.FAILED;
  }

  /**
   * Splits the rows after the column header into one group per step (a row that starts with the
   * step's id, and any lines under it) and the lines after the last step (the total).
   */
  static void group(
      List<String> rows, List<StepRecord> steps, List<List<String>> groups, List<String> trailer) {
    int next = 0;
    for (String row : rows) {
      String first = Ansi.strip(row).strip().split("\\s+", 2)[0];
      if (next < steps.size() && first.equals(steps.get(next).id())) {
        groups.add(new ArrayList<>(List.of(row)));
        next++;
      } else if (groups.isEmpty() || !trailer.isEmpty() || first.equals("total")) {
        trailer.add(row);
      } else {
        groups.get(groups.size() - 1).add(row);
      }
    }
    while (groups.size() < steps.size()) {
      groups.add(new ArrayList<>());
    }
  }
}
