package dev.skein.engine;

import dev.skein.run.RunStatus;
import dev.skein.run.Usage;
import dev.skein.visibility.SkeinSearchAttributes;
import dev.skein.visibility.VisibilityActivities;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The run's search attributes ({@link SkeinSearchAttributes}), upserted as it moves: pipeline and
 * {@code running} at the start, the final status at the end.
 *
 * <p>A namespace refuses an upsert of an attribute it does not have by failing the workflow task,
 * again on every retry. So the run first asks which exist, once, through a local activity whose
 * answer history keeps, and only ever upserts those: replay makes the same decision, and a server
 * without them (or a worker that cannot ask) gets no upsert at all.
 */
final class RunSearchAttributes {

  private static final Logger log = Workflow.getLogger(RunSearchAttributes.class);

  private static final LocalActivityOptions PROBE =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(3)
                  .setInitialInterval(Duration.ofMillis(200))
                  .build())
          .build();

  private static final RunSearchAttributes NONE =
      new RunSearchAttributes(Set.of(), EngineVersion.FIRST);

  private final Set<String> available;
  private final int version;

  private RunSearchAttributes(Set<String> available, int version) {
    this.available = available;
    this.version = version;
  }

  /**
   * Asks which attributes exist and upserts the pipeline, {@code running} and the run it resumes.
   * Runs recorded by an engine before {@link EngineVersion#SHARDS} did neither, and still do not.
   */
  static RunSearchAttributes atStart(int version, String pipeline, PipelineInput input) {
    if (version < EngineVersion.SHARDS) {
      return NONE;
    }
    RunSearchAttributes attributes = new RunSearchAttributes(probe(), version);
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    attributes.add(updates, SkeinSearchAttributes.PIPELINE, pipeline);
    attributes.add(updates, SkeinSearchAttributes.STATUS, RunStatus.RUNNING.wireName());
    if (input != null && input.resumeFrom() != null) {
      attributes.add(updates, SkeinSearchAttributes.RETRY_OF, input.resumeFrom().workflowId());
    }
    attributes.upsert(updates);
    return attributes;
  }

  /**
   * Marks the run {@code waiting} while a gate waits for a decision, {@code running} again once
   * none does, so {@code skein list --waiting} finds it. Only runs of {@link EngineVersion#HUMAN}
   * have gates.
   */
  void waiting(boolean waiting) {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    add(updates, SkeinSearchAttributes.STATUS, waiting ? WAITING : RunStatus.RUNNING.wireName());
    upsert(updates);
  }

  /** The {@code SkeinStatus} of a run with a gate waiting for a decision. */
  static final String WAITING = SkeinSearchAttributes.WAITING;

  /** Upserts the final status, and from {@link EngineVersion#HUMAN} on what the run spent. */
  void finished(RunStatus status, Usage spent) {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    add(updates, SkeinSearchAttributes.STATUS, status.wireName());
    if (version >= EngineVersion.HUMAN
        && spent != null
        && spent.costUsd() != null
        && available.contains(SkeinSearchAttributes.COST.getName())) {
      updates.add(SkeinSearchAttributes.COST.valueSet(spent.costUsd()));
    }
    upsert(updates);
  }

  /**
   * In a detached scope, so a cancel that arrives with the first workflow task does not make the
   * run forget what the namespace has; a failed probe means none.
   */
  private static Set<String> probe() {
    VisibilityActivities activities =
        Workflow.newLocalActivityStub(VisibilityActivities.class, PROBE);
    List<List<String>> answer = new ArrayList<>();
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                answer.add(activities.registeredSearchAttributes());
              } catch (ActivityFailure e) {
                log.warn("could not learn the namespace's search attributes; setting none: {}", e);
              }
            })
        .run();
    return answer.isEmpty() || answer.get(0) == null ? Set.of() : Set.copyOf(answer.get(0));
  }

  private void add(
      List<SearchAttributeUpdate<?>> updates, SearchAttributeKey<String> key, String value) {
    if (available.contains(key.getName())
        && value != null
        && !value.isEmpty()
        && value.length() <= SkeinSearchAttributes.MAX_VALUE_LENGTH) {
      updates.add(key.valueSet(value));
    }
  }

  private static void upsert(List<SearchAttributeUpdate<?>> updates) {
    if (!updates.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
    }
  }
}
