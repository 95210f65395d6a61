package dev.skein.resume;

import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import dev.skein.engine.CarriedRun;
import dev.skein.engine.FanOutShard;
import dev.skein.engine.PipelineInput;
import dev.skein.engine.ShardInput;
import dev.skein.output.OutputValue;
import dev.skein.run.StepStatus;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reusable records of a terminated run, read from its history, since it cannot answer queries:
 * the records its execution started with (carried across continue-as-new), what it reused from its
 * own source (a retry of a retry), then every {@code RunAgent} that completed, each with the digest
 * its request carried; and the same of each child workflow of a large fan-out, which ran part of
 * the fan-out's tasks (a terminated parent's children are terminated with it).
 */
final class TerminatedRecords {

  private TerminatedRecords() {}

  static ResumeSource read(WorkflowClient client, String workflowId, String runId) {
    // step id -> (task index or -1) -> record, in the order they were learnt: later ones win.
    Map<String, Map<Integer, ResumeSource.Task>> found = new LinkedHashMap<>();
    new Reader(client, found).read(workflowId, runId);
    List<ResumeSource.Step> steps = new ArrayList<>();
    found.forEach(
        (id, records) -> {
          ResumeSource.Task plain = records.get(-1);
          if (plain != null) {
            steps.add(
                new ResumeSource.Step(
                    id, plain.requestDigest(), plain.value(), plain.attempts(), null));
          }
          List<ResumeSource.Task> tasks =
              records.values().stream().filter(t -> t.index() >= 0).toList();
          if (!tasks.isEmpty()) {
            steps.add(new ResumeSource.Step(id, null, null, 0, tasks));
          }
        });
    return new ResumeSource(workflowId, runId, steps);
  }

  /**
   * Reads one history into {@code found}: the run's own, then, for each child of a large fan-out it
   * started, the child's, whose tasks it ran (or reused) on the run's behalf.
   */
  private record Reader(WorkflowClient client, Map<String, Map<Integer, ResumeSource.Task>> found) {

    void read(String workflowId, String runId) {
      DataConverter converter = client.getOptions().getDataConverter();
      List<HistoryEvent> events =
          client.fetchHistory(workflowId, runId).getHistory().getEventsList();
      Map<Long, AgentRequest> scheduled = new HashMap<>();
      for (HistoryEvent e : events) {
        if (e.hasWorkflowExecutionStartedEventAttributes()) {
          started(converter, e.getWorkflowExecutionStartedEventAttributes());
        } else if (e.hasChildWorkflowExecutionStartedEventAttributes()) {
          var child = e.getChildWorkflowExecutionStartedEventAttributes();
          if (FanOutShard.WORKFLOW_TYPE.equals(child.getWorkflowType().getName())) {
            read(
                child.getWorkflowExecution().getWorkflowId(),
                child.getWorkflowExecution().getRunId());
          }
        } else if (e.hasActivityTaskScheduledEventAttributes()) {
          var a = e.getActivityTaskScheduledEventAttributes();
          if (AgentActivities.RUN_AGENT.equals(a.getActivityType().getName())) {
            scheduled.put(
                e.getEventId(),
                converter.fromPayloads(
                    0, Optional.of(a.getInput()), AgentRequest.class, AgentRequest.class));
          } else if (ResumeActivities.LOAD_RESUME_SOURCE.equals(a.getActivityType().getName())) {
            scheduled.put(e.getEventId(), null);
          }
        } else if (e.hasActivityTaskCompletedEventAttributes()) {
          var c = e.getActivityTaskCompletedEventAttributes();
          if (scheduled.containsKey(c.getScheduledEventId())) {
            completed(converter, scheduled.get(c.getScheduledEventId()), c.getResult());
          }
        }
      }
    }

    /** A run's input: what it carried across continue-as-new; a child's: what it was to reuse. */
    private void started(
        DataConverter converter, WorkflowExecutionStartedEventAttributes attributes) {
      Payloads input = attributes.getInput();
      if (FanOutShard.WORKFLOW_TYPE.equals(attributes.getWorkflowType().getName())) {
        ShardInput shard =
            converter.fromPayloads(0, Optional.of(input), ShardInput.class, ShardInput.class);
        if (shard != null && shard.reusable() != null) {
          add(found, new ResumeSource.Step(shard.stepId(), null, null, 0, shard.reusable()));
        }
        return;
      }
      PipelineInput start =
          converter.fromPayloads(0, Optional.of(input), PipelineInput.class, PipelineInput.class);
      if (start != null && start.continued() != null) {
        carried(start.continued(), found);
      }
    }

    /** An agent's result, or (request null) what the run reused from its own source. */
    private void completed(DataConverter converter, AgentRequest request, Payloads result) {
      if (request == null) {
        ResumeSource source =
            converter.fromPayloads(0, Optional.of(result), ResumeSource.class, ResumeSource.class);
        source.steps().forEach(s -> add(found, s));
      } else if (request.requestDigest() != null) {
        AgentResult r =
            converter.fromPayloads(0, Optional.of(result), AgentResult.class, AgentResult.class);
        OutputValue value =
            r.outputRef() != null
                ? OutputValue.stored(r.outputRef())
                : OutputValue.inline(r.output());
        int index = request.taskIndex() == null ? -1 : request.taskIndex();
        found
            .computeIfAbsent(request.stepId(), k -> new LinkedHashMap<>())
            .put(index, new ResumeSource.Task(index, request.requestDigest(), value, r.attempt()));
      }
    }
  }

  private static void carried(CarriedRun run, Map<String, Map<Integer, ResumeSource.Task>> found) {
    for (CarriedRun.Step s : run.steps()) {
      if (s.tasks() != null) {
        for (CarriedRun.Task t : s.tasks()) {
          if (t.status() == StepStatus.SUCCEEDED && t.requestDigest() != null) {
            found
                .computeIfAbsent(s.id(), k -> new LinkedHashMap<>())
                .put(
                    t.index(),
                    new ResumeSource.Task(t.index(), t.requestDigest(), t.value(), t.attempts()));
          }
        }
      } else if (s.status() == StepStatus.SUCCEEDED && s.requestDigest() != null) {
        found
            .computeIfAbsent(s.id(), k -> new LinkedHashMap<>())
            .put(-1, new ResumeSource.Task(-1, s.requestDigest(), s.value(), s.attempts()));
      }
    }
  }

  private static void add(Map<String, Map<Integer, ResumeSource.Task>> found, ResumeSource.Step s) {
    Map<Integer, ResumeSource.Task> records =
        found.computeIfAbsent(s.id(), k -> new LinkedHashMap<>());
    if (s.tasks() == null) {
      records.put(-1, new ResumeSource.Task(-1, s.requestDigest(), s.value(), s.attempts()));
    } else {
      s.tasks().forEach(t -> records.put(t.index(), t));
    }
  }
}
