package dev.skein.resume;

import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import dev.skein.engine.CarriedRun;
import dev.skein.engine.PipelineInput;
import dev.skein.output.OutputValue;
import dev.skein.run.StepStatus;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
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
 * its request carried. Tasks of a large fan-out's child workflows are not read: they run again.
 */
final class TerminatedRecords {

  private TerminatedRecords() {}

  static ResumeSource read(WorkflowClient client, String workflowId, String runId) {
    DataConverter converter = client.getOptions().getDataConverter();
    List<HistoryEvent> events = client.fetchHistory(workflowId, runId).getHistory().getEventsList();
    // step id -> (task index or -1) -> record, in the order they were learnt: later ones win.
    Map<String, Map<Integer, ResumeSource.Task>> found = new LinkedHashMap<>();
    Map<Long, AgentRequest> scheduled = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e.hasWorkflowExecutionStartedEventAttributes()) {
        Payloads input = e.getWorkflowExecutionStartedEventAttributes().getInput();
        PipelineInput start =
            converter.fromPayloads(0, Optional.of(input), PipelineInput.class, PipelineInput.class);
        if (start != null && start.continued() != null) {
          carried(start.continued(), found);
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
        if (!scheduled.containsKey(c.getScheduledEventId())) {
          continue;
        }
        AgentRequest request = scheduled.get(c.getScheduledEventId());
        if (request == null) {
          ResumeSource source =
              converter.fromPayloads(
                  0, Optional.of(c.getResult()), ResumeSource.class, ResumeSource.class);
          source.steps().forEach(s -> add(found, s));
        } else if (request.requestDigest() != null) {
          AgentResult r =
              converter.fromPayloads(
                  0, Optional.of(c.getResult()), AgentResult.class, AgentResult.class);
          OutputValue value =
              r.outputRef() != null
                  ? OutputValue.stored(r.outputRef())
                  : OutputValue.inline(r.output());
          int index = request.taskIndex() == null ? -1 : request.taskIndex();
          found
              .computeIfAbsent(request.stepId(), k -> new LinkedHashMap<>())
              .put(
                  index, new ResumeSource.Task(index, request.requestDigest(), value, r.attempt()));
        }
      }
    }
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
