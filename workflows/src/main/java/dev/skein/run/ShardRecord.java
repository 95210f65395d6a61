package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One child workflow of a large fan-out: it ran tasks {@code first} to {@code first + count - 1}.
 *
 * @param status {@code running}, {@code succeeded}, {@code failed} or {@code cancelled}
 * @param counts its tasks as the parent last heard of them (null while it runs)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShardRecord(
    String workflowId, int first, int count, String status, TaskCounts counts) {}
