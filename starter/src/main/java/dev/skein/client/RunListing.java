package dev.skein.client;

import dev.skein.visibility.SkeinSearchAttributes;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Instant;
import java.util.Optional;

/**
 * One run as {@link SkeinClient#list} finds it in the service's visibility store.
 *
 * @param pipeline from {@code SkeinPipeline}; empty for a run that has none (started by an older
 *     engine, or in a namespace without Skein's search attributes)
 * @param costUsd from {@code SkeinCostUsd}, set when a run ends whose agents reported or priced a
 *     cost; empty otherwise
 */
public record RunListing(
    String workflowId,
    String runId,
    Optional<String> pipeline,
    ListedStatus status,
    Instant startedAt,
    Optional<Instant> closedAt,
    Optional<Double> costUsd) {

  static Optional<RunListing> of(WorkflowExecutionMetadata run) {
    return ListedStatus.of(run.getStatus())
        .map(
            status ->
                new RunListing(
                    run.getExecution().getWorkflowId(),
                    run.getExecution().getRunId(),
                    Optional.ofNullable(
                        run.getTypedSearchAttributes().get(SkeinSearchAttributes.PIPELINE)),
                    status,
                    run.getStartTime(),
                    Optional.ofNullable(run.getCloseTime()),
                    Optional.ofNullable(
                        run.getTypedSearchAttributes().get(SkeinSearchAttributes.COST))));
  }
}
