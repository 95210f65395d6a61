package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.output.OutputValue;
import dev.skein.run.ErrorInfo;
import dev.skein.run.FailedAttempt;
import dev.skein.run.StepStatus;
import dev.skein.run.Usage;
import java.util.List;

/** How one task of a large fan-out ended, as its child workflow reports it to the parent. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskOutcome(
    int index,
    StepStatus status,
    OutputValue value,
    ErrorInfo error,
    int attempts,
    String launchedAt,
    String completedAt,
    String requestDigest,
    String reusedFrom,
    Usage usage,
    List<FailedAttempt> failures) {}
