package dev.skein.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the contenders of a scenario once per repetition, rotating who goes first so that neither
 * always runs on a warmer (or more fragmented) JVM, and records each one's wall time ({@code
 * <series>_ms}) and CPU time ({@code <series>_cpu_ms}) as samples.
 */
final class Alternating {

  /** One contender: one run of it, whose wall and CPU time are recorded. */
  @FunctionalInterface
  interface Contender {
    void runOnce() throws Exception;
  }

  private final Map<String, Contender> contenders = new LinkedHashMap<>();

  Alternating add(String series, Contender contender) {
    contenders.put(series, contender);
    return this;
  }

  /** Runs each contender once, unrecorded, so the JIT has seen every path before timing starts. */
  void warmUp() throws Exception {
    for (Contender contender : contenders.values()) {
      contender.runOnce();
    }
  }

  void repeat(int reps, ScenarioResult result) throws Exception {
    List<String> order = new ArrayList<>(contenders.keySet());
    for (int rep = 0; rep < reps; rep++) {
      for (String series : order) {
        Timing timing = Timing.of(contenders.get(series)::runOnce);
        result.sample(series + "_ms", timing.wallMs());
        result.sample(series + "_cpu_ms", timing.cpuMs());
      }
      Collections.rotate(order, 1);
    }
  }
}
