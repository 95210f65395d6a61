package dev.skein.bench;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run left in the service: events and bytes of its history as the service holds it (stored
 * outputs as references), the parent's plus every child workflow it started (the shards of a large
 * fan-out), read through {@code GetWorkflowExecutionHistory} page by page.
 *
 * @param workflows the parent and its children
 */
record RunHistory(int workflows, long events, long bytes) {

  static RunHistory of(WorkflowClient client, String workflowId) {
    List<WorkflowExecution> todo = new ArrayList<>();
    todo.add(WorkflowExecution.newBuilder().setWorkflowId(workflowId).build());
    int workflows = 0;
    long events = 0;
    long bytes = 0;
    while (!todo.isEmpty()) {
      WorkflowExecution execution = todo.remove(todo.size() - 1);
      workflows++;
      ByteString page = ByteString.EMPTY;
      do {
        GetWorkflowExecutionHistoryResponse response =
            client
                .getWorkflowServiceStubs()
                .blockingStub()
                .getWorkflowExecutionHistory(
                    GetWorkflowExecutionHistoryRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(execution)
                        .setNextPageToken(page)
                        .build());
        bytes += response.getHistory().getSerializedSize();
        for (HistoryEvent event : response.getHistory().getEventsList()) {
          events++;
          if (event.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
            todo.add(
                event.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution());
          }
        }
        page = response.getNextPageToken();
      } while (!page.isEmpty());
    }
    return new RunHistory(workflows, events, bytes);
  }
}
