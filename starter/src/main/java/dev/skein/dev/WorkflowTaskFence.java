package dev.skein.dev;

import com.google.protobuf.ByteString;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.temporal.api.command.v1.Command;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCanceledRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondActivityTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedResponse;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes Temporal's in-memory service keep a real server's ordering around a workflow task. A real
 * server holds back what happens to a workflow while one of its tasks is in progress (an activity
 * ends, a child workflow ends) until that task completes, and a cancel for an activity that has
 * just ended is then harmless. The in-memory service forgets such an activity at once, so a task
 * that cancels it is refused ({@code ACTIVITY_UNKNOWN}) and the workflow never runs again
 * (Temporal's Java SDK issue 2391). Skein's fail-fast and cancellation do exactly that under load,
 * so the embedded service and {@code skein dev-server} put this fence in front of it:
 *
 * <ul>
 *   <li>an activity's end, and a child workflow's end, wait while the workflow has a task in
 *       progress;
 *   <li>a task that still cancels an activity whose end already reached the service (it slipped in
 *       as the task was handed out) is failed instead, as a real server would fail it: the service
 *       schedules a new task, and the worker replays it with the activity's end in place.
 * </ul>
 *
 * <p>It reads the in-memory service's task tokens, whose form is that of the pinned SDK version.
 * Only the in-memory service uses this; it changes no history a real server would not write.
 */
public final class WorkflowTaskFence implements ServerInterceptor {

  private static final String SERVICE = "temporal.api.workflowservice.v1.WorkflowService/";

  /** The longest a call waits: a workflow task never takes longer than its 10 s timeout. */
  private static final long MAX_WAIT_MS = 12_000;

  private static final int REMEMBERED_ENDS = 200_000;

  private static final Set<CommandType> CLOSING =
      Set.of(
          CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
          CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
          CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION);

  /** A workflow run as a task token names it; {@code scheduledEventId} is 0 for workflow tasks. */
  record Token(String workflowId, String runId, long scheduledEventId) {}

  private final WorkflowServiceGrpc.WorkflowServiceImplBase service;
  private final Object lock = new Object();

  /** Workflow ids with a workflow task in progress, and how many. */
  private final Map<String, Integer> inTask = new ConcurrentHashMap<>();

  /** Child workflow id to parent workflow id, from the child's first task. */
  private final Map<String, String> parents = new ConcurrentHashMap<>();

  /** Activities whose end has reached the service: run id and scheduled event id. */
  private final Set<String> ended =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > REMEMBERED_ENDS;
                }
              }));

  /**
   * @param service the in-memory service itself, to fail a task on the worker's behalf
   */
  WorkflowTaskFence(WorkflowServiceGrpc.WorkflowServiceImplBase service) {
    this.service = service;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (!method.startsWith(SERVICE)) {
      return next.startCall(call, headers);
    }
    return switch (method.substring(SERVICE.length())) {
      case "PollWorkflowTaskQueue" ->
          next.startCall(new Observed<>(call, this::handedOut), headers);
      case "RespondWorkflowTaskCompleted" -> workflowTaskCompleted(call, headers, next);
      case "RespondWorkflowTaskFailed" -> workflowTaskFailed(call, headers, next);
      case "RespondActivityTaskCompleted",
          "RespondActivityTaskFailed",
          "RespondActivityTaskCanceled" ->
          new Held<>(next.startCall(call, headers), this::activityEnds);
      default -> next.startCall(call, headers);
    };
  }

  // ---- workflow tasks ----

  private void handedOut(Object response) {
    if (!(response instanceof PollWorkflowTaskQueueResponse r)
        || r.getTaskToken().isEmpty()
        || r.hasQuery()) {
      return;
    }
    String id = r.getWorkflowExecution().getWorkflowId();
    open(id);
    if (r.getHistory().getEventsCount() > 0) {
      HistoryEvent first = r.getHistory().getEvents(0);
      if (first.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED
          && first.getWorkflowExecutionStartedEventAttributes().hasParentWorkflowExecution()) {
        parents.put(
            id,
            first
                .getWorkflowExecutionStartedEventAttributes()
                .getParentWorkflowExecution()
                .getWorkflowId());
      }
    }
  }

  private void taskEnded(Object request) {
    tokenOf(request).ifPresent(t -> close(t.workflowId()));
  }

  private <Q, R> ServerCall.Listener<Q> workflowTaskFailed(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Released<Q, R> released = new Released<>(call, this::taskEnded);
    return new Held<>(next.startCall(released, headers), r -> released.request = r);
  }

  private <Q, R> ServerCall.Listener<Q> workflowTaskCompleted(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Released<Q, R> released =
        new Released<>(call, this::taskEnded) {
          @Override
          public void sendMessage(R message) {
            if (message instanceof RespondWorkflowTaskCompletedResponse r
                && r.hasWorkflowTask()
                && !r.getWorkflowTask().getTaskToken().isEmpty()) {
              handedOut(r.getWorkflowTask());
            }
            super.sendMessage(message);
          }
        };
    ServerCall.Listener<Q> listener = next.startCall(released, headers);
    return new Held<>(
        listener,
        request -> {
          RespondWorkflowTaskCompletedRequest completed =
              (RespondWorkflowTaskCompletedRequest) request;
          released.request = request;
          Optional<Token> token = tokenOf(completed);
          if (token.isEmpty()) {
            return;
          }
          if (cancelsAnEndedActivity(token.get(), completed)) {
            failInstead(completed);
            released.close(
                Status.NOT_FOUND.withDescription(
                    "workflow task failed: it cancels an activity that has already ended"),
                new Metadata());
            throw new Refused();
          }
          if (closesWorkflow(completed)) {
            String parent = parents.remove(token.get().workflowId());
            if (parent != null) {
              await(parent);
            }
          }
        });
  }

  private boolean cancelsAnEndedActivity(Token task, RespondWorkflowTaskCompletedRequest request) {
    for (Command c : request.getCommandsList()) {
      if (c.getCommandType() == CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK
          && ended.contains(
              key(
                  task.runId(),
                  c.getRequestCancelActivityTaskCommandAttributes().getScheduledEventId()))) {
        return true;
      }
    }
    return false;
  }

  /** Fails the task: the service records it, lets what waited in, and schedules another. */
  private void failInstead(RespondWorkflowTaskCompletedRequest completed) {
    service.respondWorkflowTaskFailed(
        RespondWorkflowTaskFailedRequest.newBuilder()
            .setNamespace(completed.getNamespace())
            .setTaskToken(completed.getTaskToken())
            .setIdentity(completed.getIdentity())
            .setCause(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND)
            .build(),
        new StreamObserver<RespondWorkflowTaskFailedResponse>() {
          @Override
          public void onNext(RespondWorkflowTaskFailedResponse value) {}

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
  }

  private static boolean closesWorkflow(RespondWorkflowTaskCompletedRequest request) {
    return request.getCommandsList().stream().anyMatch(c -> CLOSING.contains(c.getCommandType()));
  }

  // ---- activities ----

  private void activityEnds(Object request) {
    Optional<Token> token = tokenOf(request);
    if (token.isPresent()) {
      await(token.get().workflowId());
      ended.add(key(token.get().runId(), token.get().scheduledEventId()));
    }
  }

  private static String key(String runId, long scheduledEventId) {
    return runId + "/" + scheduledEventId;
  }

  // ---- tokens ----

  private static Optional<Token> tokenOf(Object request) {
    ByteString bytes = null;
    boolean activity = false;
    if (request instanceof RespondWorkflowTaskCompletedRequest r) {
      bytes = r.getTaskToken();
    } else if (request instanceof RespondWorkflowTaskFailedRequest r) {
      bytes = r.getTaskToken();
    } else if (request instanceof RespondActivityTaskCompletedRequest r) {
      bytes = r.getTaskToken();
      activity = true;
    } else if (request instanceof RespondActivityTaskFailedRequest r) {
      bytes = r.getTaskToken();
      activity = true;
    } else if (request instanceof RespondActivityTaskCanceledRequest r) {
      bytes = r.getTaskToken();
      activity = true;
    }
    return bytes == null || bytes.isEmpty() ? Optional.empty() : decode(bytes, activity);
  }

  /** The in-memory service's tokens: namespace, workflow id, run id, then the task's own fields. */
  static Optional<Token> decode(ByteString bytes, boolean activity) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      in.readUTF();
      String workflowId = in.readUTF();
      String runId = in.readUTF();
      long scheduledEventId = activity ? in.readLong() : 0;
      return Optional.of(new Token(workflowId, runId, scheduledEventId));
    } catch (IOException | RuntimeException notOurs) {
      return Optional.empty();
    }
  }

  // ---- who is in a task ----

  private void open(String id) {
    synchronized (lock) {
      inTask.merge(id, 1, Integer::sum);
    }
  }

  private void close(String id) {
    synchronized (lock) {
      inTask.computeIfPresent(id, (k, n) -> n <= 1 ? null : n - 1);
      lock.notifyAll();
    }
  }

  /** Waits (bounded) until {@code id} has no workflow task in progress. */
  private void await(String id) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MS);
    synchronized (lock) {
      while (inTask.containsKey(id)) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  // ---- call plumbing ----

  /** Thrown by a check that answered the call itself: the service does not see it. */
  private static final class Refused extends RuntimeException {
    Refused() {
      super(null, null, false, false);
    }
  }

  /** Passes responses to {@code onResponse} on their way out. */
  private static final class Observed<Q, R>
      extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private final Consumer<Object> onResponse;

    Observed(ServerCall<Q, R> call, Consumer<Object> onResponse) {
      super(call);
      this.onResponse = onResponse;
    }

    @Override
    public void sendMessage(R message) {
      onResponse.accept(message);
      super.sendMessage(message);
    }
  }

  /** Tells {@code onEnd} the request once the call has been answered, however it ended. */
  private static class Released<Q, R>
      extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private final Consumer<Object> onEnd;
    volatile Object request;
    private boolean closed;

    Released(ServerCall<Q, R> call, Consumer<Object> onEnd) {
      super(call);
      this.onEnd = onEnd;
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (closed) {
        return;
      }
      closed = true;
      super.close(status, trailers);
      if (request != null) {
        onEnd.accept(request);
      }
    }
  }

  /** Lets {@code beforeHandling} see (and wait on, or refuse) a request before the service does. */
  private static final class Held<Q>
      extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final Consumer<Object> beforeHandling;
    private Q request;
    private boolean refused;

    Held(ServerCall.Listener<Q> delegate, Consumer<Object> beforeHandling) {
      super(delegate);
      this.beforeHandling = beforeHandling;
    }

    @Override
    public void onMessage(Q message) {
      request = message;
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      try {
        beforeHandling.accept(request);
      } catch (Refused r) {
        refused = true;
        return;
      }
      super.onHalfClose();
    }

    @Override
    public void onCancel() {
      if (!refused) {
        super.onCancel();
      }
    }

    @Override
    public void onComplete() {
      if (!refused) {
        super.onComplete();
      }
    }
  }
}
