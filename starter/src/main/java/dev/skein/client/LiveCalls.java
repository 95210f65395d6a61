package dev.skein.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.run.FailedAttempt;
import dev.skein.run.LiveAttempt;
import dev.skein.run.RunResult;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskCounts;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What the Temporal service says of a run's agent calls in flight (its pending activities), which
 * the workflow cannot know: whether a worker has started each one, its attempt, how the previous
 * attempt failed, and the progress the agent heartbeats. {@link #annotate} puts it on the run's
 * running steps as {@link StepRecord#live}.
 *
 * <p>A call is matched to its step by the label its heartbeats carry ({@code step} or {@code
 * step#index}). A call no worker has started has never heartbeated; when every unmatched call is
 * waiting for a worker and there are at least as many of them as running steps (and tasks) without
 * a match, those steps are the queued ones.
 */
final class LiveCalls {

  /** One pending activity as read from the service. */
  record Call(
      String activityId,
      Optional<String> label,
      String state,
      int attempt,
      int maxAttempts,
      FailedAttempt lastFailure,
      Long bytesOut,
      String lastLine,
      Optional<String> taskQueue) {

    /** The step id of the label ({@code step#3} is task 3 of {@code step}). */
    Optional<String> stepId() {
      return label.map(l -> l.contains("#") ? l.substring(0, l.indexOf('#')) : l);
    }

    /** This call with the label and queue its scheduling event names. */
    Call scheduledAs(Optional<String> scheduledLabel, Optional<String> queue) {
      return new Call(
          activityId,
          label.or(() -> scheduledLabel),
          state,
          attempt,
          maxAttempts,
          lastFailure,
          bytesOut,
          lastLine,
          taskQueue.or(() -> queue));
    }

    LiveAttempt live() {
      return new LiveAttempt(
          state,
          attempt,
          maxAttempts,
          lastFailure,
          bytesOut,
          lastLine,
          null,
          null,
          taskQueue.orElse(null),
          null);
    }
  }

  private LiveCalls() {}

  /** The run's pending activities, from the service (no worker needed). */
  static List<Call> read(WorkflowClient client, String workflowId) {
    var response =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .withDeadlineAfter(3, TimeUnit.SECONDS)
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build());
    List<Call> calls = new ArrayList<>();
    for (PendingActivityInfo p : response.getPendingActivitiesList()) {
      calls.add(call(client, p));
    }
    boolean unnamed = calls.stream().anyMatch(c -> c.label().isEmpty() || c.taskQueue().isEmpty());
    if (unnamed && response.getWorkflowExecutionInfo().getHistoryLength() <= HISTORY_READ_LIMIT) {
      return named(client, workflowId, calls);
    }
    return calls;
  }

  /**
   * Reading a run's history to name its calls is worth it while the history is short: a call no
   * worker has started is most often a run stuck at its start.
   */
  private static final long HISTORY_READ_LIMIT = 2000;

  /**
   * The calls, each with the label and task queue of the event that scheduled it: a call no worker
   * has started has sent no heartbeat, and not every service reports its queue.
   */
  private static List<Call> named(WorkflowClient client, String workflowId, List<Call> calls) {
    Map<String, Call> byId = new LinkedHashMap<>();
    calls.forEach(c -> byId.put(c.activityId(), c));
    for (HistoryEvent e : client.fetchHistory(workflowId).getEvents()) {
      if (!e.hasActivityTaskScheduledEventAttributes()) {
        continue;
      }
      var scheduled = e.getActivityTaskScheduledEventAttributes();
      Call c = byId.get(scheduled.getActivityId());
      if (c == null) {
        continue;
      }
      Optional<String> label = Optional.empty();
      if (e.hasUserMetadata() && e.getUserMetadata().hasSummary()) {
        try {
          String summary =
              client
                  .getOptions()
                  .getDataConverter()
                  .fromPayload(e.getUserMetadata().getSummary(), String.class, String.class);
          // "label · agent", as the workflow sets it (StepActivityOptions)
          label = Optional.ofNullable(summary).map(x -> x.split(" · ", 2)[0]);
        } catch (RuntimeException notOurs) {
          label = Optional.empty();
        }
      }
      byId.put(
          c.activityId(), c.scheduledAs(label, Optional.of(scheduled.getTaskQueue().getName())));
    }
    return List.copyOf(byId.values());
  }

  private static Call call(WorkflowClient client, PendingActivityInfo p) {
    JsonNode details = null;
    if (p.hasHeartbeatDetails() && p.getHeartbeatDetails().getPayloadsCount() > 0) {
      try {
        details =
            client
                .getOptions()
                .getDataConverter()
                .fromPayloads(
                    0, Optional.of(p.getHeartbeatDetails()), JsonNode.class, JsonNode.class);
      } catch (RuntimeException notOurs) {
        details = null; // a foreign activity's details
      }
    }
    boolean started =
        p.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
            || p.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED;
    int attempt = Math.max(1, p.getAttempt());
    String state =
        started ? LiveAttempt.RUNNING : attempt > 1 ? LiveAttempt.RETRYING : LiveAttempt.QUEUED;
    // Progress belongs to the attempt that reported it; a new attempt starts from nothing.
    boolean current = details != null && started && details.path("attempt").asInt(0) == attempt;
    String label = details == null ? null : details.path("step").asText(null);
    Optional<String> queue =
        p.hasActivityOptions() && p.getActivityOptions().hasTaskQueue()
            ? Optional.of(p.getActivityOptions().getTaskQueue().getName()).filter(q -> !q.isEmpty())
            : Optional.empty();
    return new Call(
        p.getActivityId(),
        Optional.ofNullable(label),
        state,
        attempt,
        p.getMaximumAttempts(),
        p.hasLastFailure() && attempt > 1 ? failure(attempt - 1, p.getLastFailure()) : null,
        current ? details.path("bytes_out").asLong() : null,
        current ? emptyToNull(details.path("last_line").asText(null)) : null,
        queue);
  }

  private static FailedAttempt failure(int attempt, Failure f) {
    String type =
        f.hasApplicationFailureInfo()
            ? f.getApplicationFailureInfo().getType()
            : f.hasTimeoutFailureInfo() ? "ActivityTimeout" : "Failure";
    return new FailedAttempt(attempt, type, f.getMessage());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * The run with each running step's {@link StepRecord#live}.
   *
   * @param pollers how many workers poll a task queue for activities, empty when the service cannot
   *     say; a queued call on a queue nobody polls gets a warning
   */
  static RunResult annotate(
      RunResult run, List<Call> calls, Function<String, Optional<Integer>> pollers) {
    if (run.steps() == null || calls.isEmpty()) {
      return run;
    }
    Map<String, List<Call>> byStep = new HashMap<>();
    List<Call> unmatched = new ArrayList<>();
    for (Call c : calls) {
      c.stepId()
          .ifPresentOrElse(
              id -> byStep.computeIfAbsent(id, k -> new ArrayList<>()).add(c),
              () -> unmatched.add(c));
    }
    // Steps (and fan-out tasks) running without a matched call: queued, if the unmatched calls can
    // only be theirs.
    int unmatchedDemand = 0;
    for (StepRecord s : run.steps()) {
      if (s.status() == StepStatus.RUNNING && !"join".equals(s.kind())) {
        unmatchedDemand += Math.max(0, running(s) - byStep.getOrDefault(s.id(), List.of()).size());
      }
    }
    boolean unmatchedAreQueued =
        !unmatched.isEmpty()
            && unmatched.size() >= unmatchedDemand
            && unmatched.stream().allMatch(c -> LiveAttempt.QUEUED.equals(c.state()));
    Optional<String> unmatchedQueue =
        unmatched.stream().map(Call::taskQueue).distinct().count() == 1
            ? unmatched.get(0).taskQueue()
            : Optional.empty();
    Map<String, Optional<Integer>> pollerCache = new LinkedHashMap<>();
    List<StepRecord> steps = new ArrayList<>(run.steps().size());
    for (StepRecord s : run.steps()) {
      LiveAttempt live =
          s.status() == StepStatus.RUNNING && !"join".equals(s.kind())
              ? live(s, byStep.getOrDefault(s.id(), List.of()), unmatchedAreQueued, unmatchedQueue)
              : null;
      if (live != null && live.taskQueue() != null && hasQueued(live)) {
        Optional<Integer> n = pollerCache.computeIfAbsent(live.taskQueue(), pollers);
        if (n.isPresent() && n.get() == 0) {
          live = live.withWarning("no worker polls task queue '" + live.taskQueue() + "'");
        }
      }
      steps.add(live == null ? s : s.withLive(live));
    }
    return new RunResult(
        run.workflowId(),
        run.runId(),
        run.pipeline(),
        run.status(),
        run.startedAt(),
        run.completedAt(),
        run.error(),
        steps,
        run.resumedFrom(),
        run.usage());
  }

  private static boolean hasQueued(LiveAttempt live) {
    return LiveAttempt.QUEUED.equals(live.state())
        || LiveAttempt.RETRYING.equals(live.state())
        || (live.queuedTasks() != null && live.queuedTasks() > 0);
  }

  /** How many agent calls a running step has in flight: one, or a fan-out's running tasks. */
  private static int running(StepRecord s) {
    TaskCounts counts = s.taskCounts();
    if ("fan_out".equals(s.kind())) {
      return counts == null ? 0 : counts.running();
    }
    return 1;
  }

  private static LiveAttempt live(
      StepRecord s, List<Call> matched, boolean unmatchedAreQueued, Optional<String> queue) {
    if (!"fan_out".equals(s.kind())) {
      if (!matched.isEmpty()) {
        return matched.get(matched.size() - 1).live();
      }
      return unmatchedAreQueued
          ? new LiveAttempt(
              LiveAttempt.QUEUED, 1, null, null, null, null, null, null, queue.orElse(null), null)
          : null;
    }
    int queued = 0;
    int retrying = 0;
    String taskQueue = null;
    for (Call c : matched) {
      queued += LiveAttempt.QUEUED.equals(c.state()) ? 1 : 0;
      retrying += LiveAttempt.RETRYING.equals(c.state()) ? 1 : 0;
      taskQueue = taskQueue == null ? c.taskQueue().orElse(null) : taskQueue;
    }
    if (unmatchedAreQueued) {
      queued += Math.max(0, running(s) - matched.size());
      taskQueue = taskQueue == null ? queue.orElse(null) : taskQueue;
    }
    if (queued == 0 && retrying == 0) {
      return null;
    }
    FailedAttempt last =
        matched.stream()
            .filter(c -> c.lastFailure() != null)
            .reduce((a, b) -> b)
            .map(Call::lastFailure)
            .orElse(null);
    boolean allQueued = queued == running(s);
    return new LiveAttempt(
        allQueued ? LiveAttempt.QUEUED : LiveAttempt.RUNNING,
        null,
        null,
        last,
        null,
        null,
        queued,
        retrying,
        taskQueue,
        null);
  }
}
