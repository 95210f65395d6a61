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

  static final int WARM_UP_RUNS = 2;

  private final Map<String, Contender> contenders = new LinkedHashMap<>();

  Alternating add(String series, Contender contender) {
    contenders.put(series, contender);
    return this;
  }

  /**
   * Unrecorded runs of each contender, so the JIT has compiled every hot path before timing starts
   * (a 1,000-step level ran twice as fast by its fifth run as by its first).
   */
  void warmUp() throws Exception {
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      for (Contender contender : contenders.values()) {
        contender.runOnce();
      }
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
