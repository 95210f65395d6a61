package dev.skein.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What to run and how big: the full sizes of the issue, or tiny ones for the smoke mode.
 *
 * @param only scenario ids to run; empty runs them all
 * @param sticky whether the worker keeps workflows cached between tasks (sticky task queues), as an
 *     in-process worker does; a worker apart from an in-memory dev server turns it off and replays
 *     the history on every workflow task
 * @param server the in-memory service or a real {@code temporal server start-dev}
 */
record BenchConfig(
    boolean smoke, int reps, Path out, Set<String> only, boolean sticky, BenchServer server) {

  boolean warmUp() {
    return !smoke;
  }

  boolean selected(String scenarioId) {
    return only.isEmpty() || only.contains(scenarioId);
  }

  int chainSteps() {
    return smoke ? 10 : 200;
  }

  int wideSteps() {
    return smoke ? 40 : 1000;
  }

  int wideCap() {
    return smoke ? 10 : 50;
  }

  List<Long> visibilityDurationsMs() {
    return smoke ? List.of(100L, 250L, 500L) : List.of(200L, 1000L, 3000L);
  }

  long unbalancedLongMs() {
    return smoke ? 400 : 3000;
  }

  long unbalancedShortMs() {
    return smoke ? 40 : 200;
  }

  int fanOutTasks() {
    return smoke ? 40 : 1000;
  }

  int fanOutCap() {
    return wideCap();
  }

  int outputItems() {
    return smoke ? 5 : 200;
  }

  /** Above the 16 KiB inline limit, so every task's output goes to the store. */
  int outputItemBytes() {
    return 40_000;
  }

  int outputCap() {
    return 16;
  }

  int bigOutputBytes() {
    return smoke ? 1_000_000 : 10_000_000;
  }

  /** More than the 1,000 a fan-out runs in its own workflow, so it shards into children. */
  int shardedTasks() {
    return smoke ? 1_200 : 10_000;
  }
}
