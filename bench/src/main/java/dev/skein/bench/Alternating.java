package dev.skein.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the contenders of a scenario once per repetition, rotating who goes first so that neither
 * always runs on a warmer (or more fragmented) JVM, and records each one's figure as a sample.
 */
final class Alternating {

  /** One contender: measures itself once and returns its figure. */
  @FunctionalInterface
  interface Contender {
    double measure() throws Exception;
  }

  private final Map<String, Contender> contenders = new LinkedHashMap<>();

  Alternating add(String series, Contender contender) {
    contenders.put(series, contender);
    return this;
  }

  /** Runs each contender once, unrecorded, so the JIT has seen every path before timing starts. */
  void warmUp() throws Exception {
    for (Contender contender : contenders.values()) {
      contender.measure();
    }
  }

  void repeat(int reps, ScenarioResult result) throws Exception {
    List<String> order = new ArrayList<>(contenders.keySet());
    for (int rep = 0; rep < reps; rep++) {
      for (String series : order) {
        result.sample(series, contenders.get(series).measure());
      }
      Collections.rotate(order, 1);
    }
  }
}
