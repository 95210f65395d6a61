package dev.skein.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One task of a fan-out step. Times are workflow time, ISO-8601, null until they happen. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskRecord(
    int index,
    JsonNode item,
    StepStatus status,
    String output,
    ErrorInfo error,
    int attempts,
    String launchedAt,
    String completedAt) {}
