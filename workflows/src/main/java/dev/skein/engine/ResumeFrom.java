package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The run a new run resumes, as {@code resume_from} in the workflow input. Reserved for {@code
 * skein retry}: today the engine only records it (search attribute {@code SkeinRetryOf}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResumeFrom(String workflowId) {}
