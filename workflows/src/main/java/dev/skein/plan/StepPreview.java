package dev.skein.plan;

import dev.skein.model.StepKind;
import java.util.Optional;

/**
 * One step of a {@link Preview}.
 *
 * @param agent the agent the step calls; empty for joins
 * @param taskQueue the queue its agent calls go to; empty for joins, which run in workflow code
 * @param maxAttempts the most attempts per agent call (the retry policy's {@code max_attempts})
 * @param fanOut the fan-out's size; empty for other steps
 * @param maxAgentCalls the most agent calls the step can make, retries included
 * @param assumedMaxItems true when the size is unknown and {@code maxAgentCalls} counts {@code
 *     max_items} tasks, the most the run accepts
 */
public record StepPreview(
    String id,
    int level,
    StepKind kind,
    Optional<String> agent,
    Optional<String> taskQueue,
    int maxAttempts,
    Optional<FanOutSize> fanOut,
    long maxAgentCalls,
    boolean assumedMaxItems) {}
