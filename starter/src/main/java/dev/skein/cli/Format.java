package dev.skein.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.skein.run.FailedAttempt;
import dev.skein.run.LiveAttempt;
import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskCounts;
import dev.skein.run.TaskRecord;
import dev.skein.run.Usage;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Small text helpers shared by the commands. */
final class Format {

  static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules();

  private Format() {}

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<Instant> instant(String iso) {
    if (iso == null || iso.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code 0.4s}, {@code 12.3s}, {@code 3m05s}, {@code 1h02m}. */
  static String duration(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 60_000) {
      return String.format("%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  /** From launch to completion, or to {@code now} while running; blank before launch. */
  static String elapsed(String launchedAt, String completedAt, Instant now) {
    Optional<Instant> start = instant(launchedAt);
    if (start.isEmpty()) {
      return "";
    }
    Instant end = instant(completedAt).orElse(now);
    return duration(Duration.between(start.get(), end));
  }

  static String runElapsed(RunResult r, Instant now) {
    return elapsed(r.startedAt(), r.completedAt(), now);
  }

  static String status(StepRecord step) {
    LiveAttempt live = step.live();
    boolean plainLive = live != null && live.state() != null && !"fan_out".equals(step.kind());
    String s =
        step.reusedFrom() != null
            ? "reused"
            : plainLive
                ? live.state()
                : live != null && LiveAttempt.QUEUED.equals(live.state())
                    ? LiveAttempt.QUEUED
                    : step.status() == null ? "pending" : step.status().wireName();
    TaskCounts counts = counts(step);
    if (counts != null && counts.total() > 0) {
      s += " " + counts.done() + "/" + counts.total();
      if (step.reusedTasks() != null && step.reusedFrom() == null) {
        s += " (" + step.reusedTasks() + " reused)";
      }
    }
    if (live != null && "fan_out".equals(step.kind())) {
      List<String> parts = new java.util.ArrayList<>();
      if (live.queuedTasks() != null && live.queuedTasks() > 0) {
        parts.add(live.queuedTasks() + " queued");
      }
      if (live.retryingTasks() != null && live.retryingTasks() > 0) {
        parts.add(live.retryingTasks() + " retrying");
      }
      if (!parts.isEmpty() && !LiveAttempt.QUEUED.equals(live.state())) {
        s += " (" + String.join(", ", parts) + ")";
      }
    }
    // A reason that only repeats the status ("cancelled (cancelled)") says nothing more.
    if (step.reason() != null
        && !step.reason().isBlank()
        && (step.status() == null || !step.reason().equals(step.status().wireName()))) {
      s += " (" + step.reason() + ")";
    }
    return s;
  }

  /** The attempt, {@code 2/3} while the service says a call is on its second of three. */
  static String attempts(StepRecord step) {
    LiveAttempt live = step.live();
    if (live != null && live.attempt() != null) {
      return live.attempt()
          + (live.maxAttempts() == null || live.maxAttempts() == 0 ? "" : "/" + live.maxAttempts());
    }
    return step.attempts() == 0 ? "" : String.valueOf(step.attempts());
  }

  /**
   * What a step is doing or why it waits, for the table's last column: the agent's progress (bytes
   * written, last line), the last failed attempt of a call being retried, a queue nobody polls.
   */
  static String detail(StepRecord step) {
    LiveAttempt live = step.live();
    if (live == null) {
      return "";
    }
    List<String> parts = new java.util.ArrayList<>();
    if (live.warning() != null) {
      parts.add(live.warning());
    }
    if (live.lastFailure() != null) {
      FailedAttempt f = live.lastFailure();
      parts.add(
          "attempt " + f.attempt() + " failed: " + f.type() + ": " + oneLine(f.message(), 120));
    }
    if (live.bytesOut() != null && live.bytesOut() > 0) {
      parts.add(
          bytes(live.bytesOut())
              + (live.lastLine() == null ? "" : " · " + oneLine(live.lastLine(), 80)));
    }
    return String.join("; ", parts);
  }

  /** {@code 812 B}, {@code 12.3 KB}, {@code 1.2 MB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
  }

  static boolean isFinal(StepStatus status) {
    return status != null && status.isFinal();
  }

  /**
   * A fan-out's task counts: from the record (the lean progress form has them, not the tasks), or
   * counted from its tasks; null for other steps and before it expands.
   */
  static TaskCounts counts(StepRecord step) {
    if (step.taskCounts() != null) {
      return step.taskCounts();
    }
    List<TaskRecord> tasks = step.tasks();
    if (tasks == null || tasks.isEmpty()) {
      return null;
    }
    return TaskCounts.of(tasks.stream().map(TaskRecord::status).toList());
  }

  /**
   * Finished steps over all steps, counting fan-out tasks one each, and (third) how many fan-outs
   * have not expanded yet: their task counts are unknown, so they are left out of the total rather
   * than counted as one (which made the total jump when they expanded). A fan-out that ended
   * without expanding (skipped, cancelled, failed rendering) counts as one finished step.
   */
  static int[] doneOfTotal(RunResult r) {
    int done = 0;
    int total = 0;
    int unknown = 0;
    for (StepRecord s : steps(r)) {
      TaskCounts counts = counts(s);
      if (counts != null && counts.total() > 0) {
        total += counts.total();
        done += counts.done();
      } else if ("fan_out".equals(s.kind()) && counts == null && !isFinal(s.status())) {
        unknown++;
      } else {
        total++;
        done += isFinal(s.status()) ? 1 : 0;
      }
    }
    return new int[] {done, total, unknown};
  }

  /** {@code 3/7}, or {@code 3/7+?} while a fan-out's size is still unknown. */
  static String doneOfTotalText(int[] dt) {
    return dt[0] + "/" + dt[1] + (dt.length > 2 && dt[2] > 0 ? "+?" : "");
  }

  static List<StepRecord> steps(RunResult r) {
    return r.steps() == null ? List.of() : r.steps();
  }

  static String bar(int done, int total, int width) {
    int filled = total == 0 ? width : (int) Math.round(width * (double) done / total);
    return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
  }

  /** Tokens in and out, shortened: {@code 12.3k}, {@code 1.2M}; empty without usage. */
  static String tokens(Usage usage) {
    return usage == null ? "" : count(usage.totalTokens());
  }

  /** {@code $0.0312}; empty when nothing reported or priced a cost. */
  static String cost(Usage usage) {
    if (usage == null || usage.costUsd() == null) {
      return "";
    }
    double usd = usage.costUsd();
    return usd >= 100
        ? String.format(Locale.ROOT, "$%.0f", usd)
        : String.format(Locale.ROOT, "$%.4f", usd);
  }

  private static String count(long n) {
    if (n < 1000) {
      return String.valueOf(n);
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fk", n / 1000.0);
    }
    return String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0);
  }

  static String oneLine(String text, int max) {
    if (text == null) {
      return "";
    }
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > max ? line.substring(0, max - 1) + "…" : line;
  }
}
