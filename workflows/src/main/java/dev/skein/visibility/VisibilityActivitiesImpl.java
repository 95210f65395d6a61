package dev.skein.visibility;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@link VisibilityActivities} from the worker's own connection. A service that cannot be
 * asked (it refuses, or it has no operator service) means no attributes: the run goes on without
 * them. Only a service that did not answer in time fails the attempt, so the local activity
 * retries.
 */
public final class VisibilityActivitiesImpl implements VisibilityActivities {

  private static final Logger log = LoggerFactory.getLogger(VisibilityActivitiesImpl.class);

  private final AtomicBoolean warned = new AtomicBoolean();
  private WorkflowServiceStubs service;
  private SearchAttributeRegistry registry;

  @Override
  public List<String> registeredSearchAttributes() {
    ActivityExecutionContext context = Activity.getExecutionContext();
    String namespace = context.getInfo().getNamespace();
    try {
      Set<String> found =
          registry(context.getWorkflowClient().getWorkflowServiceStubs()).registered(namespace);
      if (found.size() < SkeinSearchAttributes.ALL.size() && warned.compareAndSet(false, true)) {
        log.warn(
            "namespace {} has search attributes {} of Skein's {}; runs set only those. Register"
                + " them with `skein setup` or `{}`",
            namespace,
            found,
            SkeinSearchAttributes.names(),
            SkeinSearchAttributes.createCommand(namespace));
      }
      return List.copyOf(found);
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
      if (warned.compareAndSet(false, true)) {
        log.warn(
            "cannot list the search attributes of namespace {} ({}); runs set none",
            namespace,
            e.getStatus());
      }
      return List.of();
    }
  }

  private synchronized SearchAttributeRegistry registry(WorkflowServiceStubs current) {
    if (registry == null || service != current) {
      if (registry != null) {
        registry.close();
      }
      registry = SearchAttributeRegistry.of(current);
      service = current;
    }
    return registry;
  }
}
