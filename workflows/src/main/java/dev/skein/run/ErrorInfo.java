package dev.skein.run;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Why a step or task failed: the failure type of {@code FailureTypes}, and a sentence. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ErrorInfo(String type, String message, boolean retryable) {}
