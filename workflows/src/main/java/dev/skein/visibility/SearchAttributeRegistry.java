package dev.skein.visibility;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Skein's search attributes in a namespace, through Temporal's operator service on the connection a
 * worker or client already has (its credentials included). Not workflow code: the workflow learns
 * the answer through {@link VisibilityActivities}.
 */
public final class SearchAttributeRegistry implements AutoCloseable {

  private static final long DEADLINE_SECONDS = 5;

  private final OperatorServiceStubs operator;

  private SearchAttributeRegistry(OperatorServiceStubs operator) {
    this.operator = operator;
  }

  /** Shares {@code service}'s channel, headers and API key; closing this leaves them open. */
  public static SearchAttributeRegistry of(WorkflowServiceStubs service) {
    return new SearchAttributeRegistry(
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder(service.getOptions())
                .setChannel(service.getRawChannel())
                .setTarget(null)
                .setSslContext(null)
                .setEnableHttps(false)
                .setChannelInitializer(null)
                .validateAndBuildWithDefaults()));
  }

  /**
   * What {@link #register} achieved: the attributes now registered, and when some are not, the
   * service's reason.
   */
  public record Registration(Set<String> registered, Optional<String> refusal) {
    public boolean complete() {
      return registered.size() == SkeinSearchAttributes.ALL.size();
    }
  }

  /**
   * The Skein attributes the namespace has, each with its own type. Temporal's in-memory service
   * cannot list them; there adding is how it answers, and adding is what every Skein worker does at
   * start.
   *
   * @throws StatusRuntimeException when the service does not answer or refuses to list
   */
  public Set<String> registered(String namespace) {
    Map<String, IndexedValueType> custom;
    try {
      custom =
          operator
              .blockingStub()
              .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
              .getCustomAttributesMap();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return register(namespace).registered();
      }
      throw e;
    }
    Set<String> found = new LinkedHashSet<>();
    for (SearchAttributeKey<?> key : SkeinSearchAttributes.ALL) {
      if (custom.get(key.getName()) == key.getValueType()) {
        found.add(key.getName());
      }
    }
    return found;
  }

  /**
   * Registers every Skein attribute with its type, one at a time, so one that exists already (a
   * real server accepts that quietly, the in-memory one says ALREADY_EXISTS) does not stop the
   * others. Never throws for a refusal: a namespace where the worker may not change the schema
   * (Temporal Cloud, restricted permissions) still runs pipelines, without the attributes.
   */
  public Registration register(String namespace) {
    Set<String> registered = new LinkedHashSet<>();
    Optional<String> refusal = Optional.empty();
    for (SearchAttributeKey<?> key : SkeinSearchAttributes.ALL) {
      try {
        operator
            .blockingStub()
            .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
            .addSearchAttributes(
                AddSearchAttributesRequest.newBuilder()
                    .setNamespace(namespace)
                    .putSearchAttributes(key.getName(), key.getValueType())
                    .build());
        registered.add(key.getName());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
          registered.add(key.getName());
        } else if (refusal.isEmpty()) {
          refusal = Optional.of(reason(e));
        }
      }
    }
    return new Registration(registered, refusal);
  }

  private static String reason(StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    return e.getStatus().getCode() + (description == null ? "" : ": " + description);
  }

  @Override
  public void close() {
    operator.shutdown();
  }
}
