package dev.skein.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skein.contract.RenderRequest;
import dev.skein.resume.ResumeSource;
import java.util.List;

/**
 * What a child workflow of a large fan-out needs: the pipeline (parsed again with the same parser,
 * so the child runs the very step the parent validated), which tasks, what their templates read,
 * and how many agents it may run at once.
 *
 * @param first the index of {@code items[0]} in the whole fan-out
 * @param allotment how many of its agents may run at once (the parent shares the caps out)
 * @param reusable for a retry: the source run's succeeded tasks of this range, taken instead of run
 *     when their request is unchanged; null otherwise
 * @param reusedFrom the source run's workflow id, with {@code reusable}
 * @param engineVersion the parent's {@link EngineVersion}; null from parents before {@link
 *     EngineVersion#HUMAN}, which did not send it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShardInput(
    String parentWorkflowId,
    String parentRunId,
    JsonNode pipeline,
    String stepId,
    int first,
    List<JsonNode> items,
    RenderRequest.Context context,
    int allotment,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<ResumeSource.Task> reusable,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reusedFrom,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer engineVersion) {

  /** The parent's version, or the last one before it was sent. */
  int version() {
    return engineVersion == null ? EngineVersion.LANGUAGE : engineVersion;
  }
}
