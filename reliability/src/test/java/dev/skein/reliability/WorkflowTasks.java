package dev.skein.reliability;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where a run's workflow tasks went, from its history: to a worker's sticky queue (the worker that
 * has the run cached, which spares a replay) or to the shared queue, and how often a sticky queue's
 * worker was gone so the server timed the task out and handed it to the shared queue.
 *
 * @param stickyQueues the sticky queues tasks were scheduled on, in order
 * @param onSticky workflow tasks scheduled on a sticky queue
 * @param onNormal workflow tasks scheduled on the shared queue
 * @param stickyTimeouts tasks that timed out waiting on a sticky queue (schedule-to-start)
 * @param workers identities of the workers that started workflow tasks, in order
 */
record WorkflowTasks(
    Set<String> stickyQueues,
    long onSticky,
    long onNormal,
    long stickyTimeouts,
    Set<String> workers) {

  static WorkflowTasks of(WorkflowExecutionHistory history) {
    Set<String> sticky = new LinkedHashSet<>();
    Set<String> workers = new LinkedHashSet<>();
    long onSticky = 0;
    long onNormal = 0;
    long timeouts = 0;
    for (HistoryEvent event : history.getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
        var queue = event.getWorkflowTaskScheduledEventAttributes().getTaskQueue();
        if (queue.getKind() == TaskQueueKind.TASK_QUEUE_KIND_STICKY) {
          onSticky++;
          sticky.add(queue.getName());
        } else {
          onNormal++;
        }
      } else if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
        workers.add(event.getWorkflowTaskStartedEventAttributes().getIdentity());
      } else if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT
          && event.getWorkflowTaskTimedOutEventAttributes().getTimeoutType()
              == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        timeouts++;
      }
    }
    return new WorkflowTasks(sticky, onSticky, onNormal, timeouts, workers);
  }

  @Override
  public String toString() {
    return String.format(
        "%d workflow tasks on sticky queues %s, %d on the shared queue, %d sticky timeouts,"
            + " started by %s",
        onSticky, stickyQueues, onNormal, stickyTimeouts, workers);
  }
}
