package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One step of a run as it stands. Times are workflow time, ISO-8601, null until they happen.
 *
 * @param kind {@code agent}, {@code fan_out} or {@code join}
 * @param reason why a step was skipped or cancelled ({@code condition_false}, {@code
 *     upstream_failed}, {@code upstream_skipped}, {@code fail_fast}, {@code timeout}, {@code
 *     cancelled}, {@code aborted}), else null
 * @param tasks fan-out tasks in input order; null for other steps
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StepRecord(
    String id,
    String kind,
    String agent,
    StepStatus status,
    int level,
    int attempts,
    String launchedAt,
    String completedAt,
    String output,
    ErrorInfo error,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<TaskRecord> tasks) {}
