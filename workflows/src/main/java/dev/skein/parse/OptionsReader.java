package dev.skein.parse;

import dev.skein.model.Defaults;
import dev.skein.model.ErrorPolicy;
import dev.skein.model.RetrySpec;
import dev.skein.model.StepOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the option keys shared by {@code defaults:} and steps, each over an inherited value. */
final class OptionsReader {

  static final List<String> DEFAULTS_KEYS =
      List.of(
          "max_concurrency",
          "on_error",
          "timeout",
          "heartbeat_timeout",
          "stall_timeout",
          "retry",
          "task_queue",
          "agent",
          "max_items",
          "budget",
          "on_budget");

  /**
   * {@code retry_invalid_output} is a Skein extension: whether a step whose output failed its
   * {@code output_schema} is tried again.
   */
  static final List<String> RETRY_KEYS =
      List.of(
          "max_attempts", "initial_interval", "backoff", "max_interval", "retry_invalid_output");

  static final int MAX_CONCURRENCY = 1000;

  /** Why the cap is 1000: the service refuses more pending activities per workflow. */
  static final String CONCURRENCY_WHY =
      "Temporal allows at most 2,000 pending activities per workflow";

  private OptionsReader() {}

  /** The {@code defaults:} block over {@link Defaults#standard()}. */
  static Defaults defaults(Fields root) {
    Defaults base = Defaults.standard();
    if (root.mapping("defaults").isEmpty()) {
      return base;
    }
    Fields f = root.child("defaults");
    f.allowOnly(DEFAULTS_KEYS);
    return new Defaults(
        f.integer("max_concurrency", 1, MAX_CONCURRENCY, CONCURRENCY_WHY)
            .orElse(base.maxConcurrency()),
        onError(f, false).orElse(base.onError()),
        f.duration("timeout").orElse(base.timeout()),
        f.duration("heartbeat_timeout").orElse(base.heartbeatTimeout()),
        f.duration("stall_timeout").orElse(base.stallTimeout()),
        retry(f, base.retry()),
        nonBlank(f, "task_queue").orElse(base.taskQueue()),
        nonBlank(f, "agent").orElse(base.agent()),
        maxItems(f).orElse(base.maxItems()));
  }

  static Optional<Integer> maxItems(Fields f) {
    return f.integer(
        "max_items",
        1,
        StepOptions.MAX_ITEMS_LIMIT,
        "a fan-out's tasks all appear in the run's result");
  }

  /**
   * @param pause whether {@code pause} is one of the choices: on a step under the rules that know
   *     it, never in {@code defaults} (it would reach joins, which have no agent to retry)
   */
  static Optional<ErrorPolicy> onError(Fields f, boolean pause) {
    if (!pause && f.node("on_error").map(v -> v.asText().equals("pause")).orElse(false)) {
      if (f.name("on_error").startsWith("'defaults.")) {
        f.report(
            "on_error",
            "'defaults.on_error' cannot be pause: put on_error: pause on the agent steps and"
                + " fan-outs whose failures should wait for a decision");
        return Optional.empty();
      }
    }
    List<String> choices =
        pause
            ? List.of("fail_fast", "wait_for_all", "pause")
            : List.of("fail_fast", "wait_for_all");
    return f.choice("on_error", choices)
        .map(
            s ->
                switch (s) {
                  case "fail_fast" -> ErrorPolicy.FAIL_FAST;
                  case "pause" -> ErrorPolicy.PAUSE;
                  default -> ErrorPolicy.WAIT_FOR_ALL;
                });
  }

  static Optional<String> nonBlank(Fields f, String key) {
    Optional<String> value = f.string(key);
    if (value.isPresent() && value.get().isBlank()) {
      f.report(key, f.name(key) + " must not be empty");
      return Optional.empty();
    }
    return value;
  }

  /** The {@code retry} key of {@code f}, field by field over {@code base}. */
  static RetrySpec retry(Fields f, RetrySpec base) {
    if (f.mapping("retry").isEmpty()) {
      return base;
    }
    Fields r = f.child("retry");
    r.allowOnly(RETRY_KEYS);
    int maxAttempts =
        r.integer("max_attempts", 1, Integer.MAX_VALUE, "").orElse(base.maxAttempts());
    Duration initial = r.duration("initial_interval").orElse(base.initialInterval());
    double backoff =
        r.number("backoff")
            .filter(
                b -> {
                  if (b < 1.0) {
                    r.report("backoff", r.name("backoff") + " must be at least 1.0, not " + b);
                    return false;
                  }
                  return true;
                })
            .orElse(base.backoff());
    Duration max = r.duration("max_interval").orElse(base.maxInterval());
    if (max.compareTo(initial) < 0) {
      r.report(
          r.has("max_interval") ? "max_interval" : "initial_interval",
          r.name("max_interval")
              + " must not be shorter than "
              + r.name("initial_interval")
              + " (it is "
              + dev.skein.model.Durations.format(max)
              + " against "
              + dev.skein.model.Durations.format(initial)
              + ")");
    }
    boolean retryInvalid = r.bool("retry_invalid_output").orElse(base.retryInvalidOutput());
    return new RetrySpec(maxAttempts, initial, backoff, max, retryInvalid);
  }
}
