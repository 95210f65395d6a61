package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skein.run.RunResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live table fitted to terminals of given sizes, from fixed run results. */
class FittedTableTest {

  private static final Instant NOW = Instant.parse("2026-01-01T10:01:00Z");

  /** 50 steps: 3 running, 1 failed, 20 succeeded, the rest pending; built as the wire form. */
  private static RunResult fifty() throws Exception {
    ObjectNode run = Format.JSON.createObjectNode();
    run.put("workflow_id", "wide-1a2b").put("pipeline", "wide").put("status", "running");
    run.put("started_at", "2026-01-01T10:00:00Z");
    ArrayNode steps = run.putArray("steps");
    for (int i = 1; i <= 50; i++) {
      String status = i <= 20 ? "succeeded" : i == 30 || i == 40 || i == 45 ? "running" : "pending";
      if (i == 35) {
        status = "failed";
      }
      ObjectNode s = steps.addObject();
      s.put("id", String.format("step-number-%02d-with-a-long-and-wordy-name", i));
      s.put("kind", "agent").put("status", status).put("level", 0);
      s.put("attempts", status.equals("pending") ? 0 : 1);
      if (!status.equals("pending")) {
        s.put("launched_at", "2026-01-01T10:00:10Z");
      }
    }
    return Format.JSON.treeToValue(run, RunResult.class);
  }

  @Test
  void aTableThatFitsIsShownWhole() throws Exception {
    RunResult r = fifty();
    List<String> lines = FittedTable.lines(r, NOW, false, new TerminalSize(100, 200));
    assertThat(lines).hasSize(1 + 1 + 50);
    assertThat(lines.get(0)).isEqualTo(StatusTable.header(r, NOW));
    assertThat(lines.subList(1, lines.size())).isEqualTo(StatusTable.rows(r, NOW, false));
  }

  @Test
  void aTallTableKeepsItsHeaderShowsRunningAndFailedFirstAndSumsUpTheRest() throws Exception {
    List<String> lines = FittedTable.lines(fifty(), NOW, false, new TerminalSize(40, 200));

    assertThat(lines).hasSize(39);
    assertThat(lines.get(0)).startsWith("wide  wide-1a2b  running  [").contains("21/50");
    assertThat(lines.get(1)).contains("STEP").contains("STATUS");
    assertThat(lines.subList(2, 6))
        .allMatch(l -> l.contains("running") || l.contains("failed"))
        .anyMatch(l -> l.contains("step-number-35") && l.contains("failed"));
    assertThat(lines.get(6)).contains("step-number-01").contains("succeeded");
    // 36 rows of steps fit beside the header, the column header and the summary line.
    assertThat(lines.get(38)).isEqualTo("  … 14 more steps: 14 pending");
  }

  @Test
  void aNarrowTerminalCutsEveryLineAndKeepsTheCountsInTheHeader() throws Exception {
    RunResult r = fifty();
    List<String> lines = FittedTable.lines(r, NOW, true, new TerminalSize(40, 60));

    assertThat(lines).hasSize(39).allMatch(l -> Ansi.visibleLength(l) <= 59);
    assertThat(lines.get(0)).contains("21/50").contains("1m00s").contains("[");
    assertThat(lines.get(2)).endsWith("…\033[0m");
  }

  @Test
  void aTinyTerminalStillShowsTheHeader() throws Exception {
    assertThat(FittedTable.lines(fifty(), NOW, false, new TerminalSize(2, 80)))
        .singleElement()
        .asString()
        .startsWith("wide  wide-1a2b");
  }

  @Test
  void truncationCountsOnlyWhatShowsAndClosesAColour() {
    String red = "\033[31mfailed\033[0m and more";
    assertThat(Ansi.truncate(red, 100)).isEqualTo(red);
    assertThat(Ansi.truncate(red, 4)).isEqualTo("\033[31mfai…\033[0m");
    assertThat(Ansi.visibleLength(Ansi.truncate(red, 4))).isEqualTo(4);
  }

  @Test
  void sttySizeIsRowsThenColumns() {
    assertThat(TerminalSize.parse("40 60\n")).contains(new TerminalSize(40, 60));
    assertThat(TerminalSize.parse("0 0")).isEmpty();
    assertThat(TerminalSize.parse("garbage")).isEmpty();
  }
}
