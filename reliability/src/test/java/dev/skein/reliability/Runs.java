package dev.skein.reliability;

import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineDocument;
import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Starting pipelines written as YAML text, and reading their results. */
final class Runs {

  private Runs() {}

  /**
   * Validates and starts {@code yaml} with workflow id {@code id}, the workflow on {@code queue}.
   */
  static RunHandle start(WorkflowClient client, String yaml, String id, String queue) {
    try {
      PipelineDocument document = PipelineDocument.parse(yaml, id + ".yaml");
      return SkeinClient.of(client, "the reliability tests' Temporal service")
          .start(
              document, Map.of(), StartOptions.defaults().withWorkflowId(id).withTaskQueue(queue));
    } catch (InvalidPipelineException e) {
      throw new AssertionError("test pipeline is invalid: " + e.getMessage(), e);
    }
  }

  /** The run's result, waiting at most {@code timeout}. */
  static RunResult result(RunHandle run, Duration timeout) {
    try {
      return run.resultAsync().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          run.workflowId() + " did not end within " + timeout.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      throw new AssertionError(run.workflowId() + " result could not be read", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code id=status} for each step, for assertion messages. */
  static String statuses(RunResult result) {
    return result.steps().stream()
        .map(s -> s.id() + "=" + s.status().wireName() + "/" + s.attempts())
        .collect(Collectors.joining(", "));
  }

  /** completed_at - launched_at of a step that ran. */
  static Duration stepDuration(StepRecord step) {
    return Duration.between(Instant.parse(step.launchedAt()), Instant.parse(step.completedAt()));
  }

  static Duration runDuration(RunResult result) {
    return Duration.between(Instant.parse(result.startedAt()), Instant.parse(result.completedAt()));
  }

  /** The value at quantile {@code q} (0..1) of sorted {@code values}, nearest rank. */
  static double quantile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
