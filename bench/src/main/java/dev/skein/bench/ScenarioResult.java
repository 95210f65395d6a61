package dev.skein.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one scenario measured: median figures, the raw samples they came from, its targets. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
final class ScenarioResult {

  /** One reported figure. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Metric(String name, double value, String unit) {}

  /** A target of the issue and whether this run met it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Target(String name, String rule, double value, double limit, boolean holds) {}

  private final String id;
  private final String title;
  private final List<Metric> metrics = new ArrayList<>();
  private final List<Target> targets = new ArrayList<>();
  private final Map<String, List<Double>> samples = new LinkedHashMap<>();
  private String error;

  ScenarioResult(String id, String title) {
    this.id = id;
    this.title = title;
  }

  void metric(String name, double value, String unit) {
    metrics.add(new Metric(name, Stats.round(value, 3), unit));
  }

  /** A target that holds when {@code value <= limit}. */
  void atMost(String name, String rule, double value, double limit) {
    targets.add(new Target(name, rule, Stats.round(value, 3), limit, value <= limit));
  }

  /** A target that holds when {@code value >= limit}. */
  void atLeast(String name, String rule, double value, double limit) {
    targets.add(new Target(name, rule, Stats.round(value, 3), limit, value >= limit));
  }

  /** Records one repetition's value of a series; returns the series. */
  List<Double> sample(String series, double value) {
    List<Double> values = samples.computeIfAbsent(series, k -> new ArrayList<>());
    values.add(Stats.round(value, 3));
    return values;
  }

  double median(String series) {
    return Stats.median(samples.getOrDefault(series, List.of()));
  }

  void failed(Throwable e) {
    error = e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  public String getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public List<Metric> getMetrics() {
    return metrics;
  }

  public List<Target> getTargets() {
    return targets;
  }

  public Map<String, List<Double>> getSamples() {
    return samples;
  }

  public String getError() {
    return error;
  }
}
