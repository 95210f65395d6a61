package dev.skein.engine;

import dev.skein.contract.FailureTypes;
import dev.skein.contract.OutputActivities;
import dev.skein.output.Materializer;
import dev.skein.run.ErrorInfo;
import dev.skein.run.OutputRef;
import dev.skein.template.TemplateException;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stored outputs the workflow has read, for conditions, {@code for_each} lists and checked joins.
 * They are read with {@code LoadOutput}, which records only a reference in history; what was read
 * stays in memory for this run (a continued run reads again what it needs).
 */
final class OutputLoader {

  /** How a load ended. */
  sealed interface Outcome {
    record Loaded() implements Outcome {}

    record Cancelled() implements Outcome {}

    record Failed(ErrorInfo error) implements Outcome {}
  }

  private final String taskQueue;
  private final Map<String, String> loaded = new HashMap<>();
  private final Materializer materializer = new Materializer(this::text);

  OutputLoader(String taskQueue) {
    this.taskQueue = taskQueue;
  }

  /** Reads stored parts from what was loaded. */
  Materializer materializer() {
    return materializer;
  }

  boolean isLoaded(OutputRef ref) {
    return loaded.containsKey(key(ref));
  }

  private String text(OutputRef ref) {
    String text = loaded.get(key(ref));
    if (text == null) {
      // Every reader loads first; reaching this is an engine bug, reported as a step error.
      throw new TemplateException(
          "the output stored at " + ref.describe() + " was not read into the workflow");
    }
    return text;
  }

  /** Reads every output of {@code refs} not read yet; waits for them. */
  Outcome load(List<OutputRef> refs) {
    Map<String, OutputRef> missing = new LinkedHashMap<>();
    for (OutputRef ref : refs) {
      if (!loaded.containsKey(key(ref))) {
        missing.putIfAbsent(key(ref), ref);
      }
    }
    if (missing.isEmpty()) {
      return new Outcome.Loaded();
    }
    ActivityStub stub = Workflow.newUntypedActivityStub(options());
    List<Map.Entry<String, Promise<String>>> started = new ArrayList<>();
    for (Map.Entry<String, OutputRef> e : missing.entrySet()) {
      started.add(
          Map.entry(
              e.getKey(),
              stub.executeAsync(OutputActivities.LOAD_OUTPUT, String.class, e.getValue())));
    }
    Outcome outcome = new Outcome.Loaded();
    for (Map.Entry<String, Promise<String>> e : started) {
      try {
        loaded.put(e.getKey(), e.getValue().get());
      } catch (ActivityFailure failure) {
        if (AgentFailures.isCancellation(failure)) {
          outcome = new Outcome.Cancelled();
        } else if (outcome instanceof Outcome.Loaded) {
          ErrorInfo error = AgentFailures.error(failure, FailureTypes.ALWAYS_NON_RETRYABLE);
          outcome =
              new Outcome.Failed(
                  new ErrorInfo(
                      FailureTypes.STORAGE_ERROR,
                      "a stored output could not be read: " + error.message(),
                      false));
        }
      } catch (io.temporal.failure.CanceledFailure cancelled) {
        outcome = new Outcome.Cancelled();
      }
    }
    return outcome;
  }

  private ActivityOptions options() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(taskQueue)
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(3)
                .setDoNotRetry(FailureTypes.ALWAYS_NON_RETRYABLE.toArray(String[]::new))
                .build())
        .setSummary("load output")
        .build();
  }

  static String key(OutputRef ref) {
    return ref.driver() + "\u0000" + new TreeMap<>(ref.claim());
  }

  /** The refs of outputs not loaded yet, for a quick check. */
  Optional<OutputRef> firstMissing(List<OutputRef> refs) {
    return refs.stream().filter(r -> !isLoaded(r)).findFirst();
  }
}
