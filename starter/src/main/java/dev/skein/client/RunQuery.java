package dev.skein.client;

import dev.skein.engine.AgentPipeline;
import dev.skein.visibility.SkeinSearchAttributes;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which runs {@link SkeinClient#list} asks for: {@code AgentPipeline} runs, newest first as the
 * visibility store orders them, optionally of one pipeline and in one status.
 *
 * <pre>{@code
 * client.list(RunQuery.all().pipeline("review").status(ListedStatus.FAILED).limit(10));
 * }</pre>
 */
public record RunQuery(
    Optional<String> pipeline,
    Optional<ListedStatus> status,
    int limit,
    Optional<String> retryOf,
    boolean onlyWaiting) {

  public static final int DEFAULT_LIMIT = 20;

  /** Pipeline names as the parser accepts them; nothing else reaches the query text. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  /** Workflow ids as Skein makes them and clients usually give them; nothing else is quoted. */
  private static final Pattern WORKFLOW_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]*");

  /** Runs of one pipeline, in one status, at most {@code limit}. */
  public RunQuery(Optional<String> pipeline, Optional<ListedStatus> status, int limit) {
    this(pipeline, status, limit, Optional.empty());
  }

  public RunQuery(
      Optional<String> pipeline,
      Optional<ListedStatus> status,
      int limit,
      Optional<String> retryOf) {
    this(pipeline, status, limit, retryOf, false);
  }

  /**
   * Only open runs with a gate waiting for a person's decision ({@code SkeinStatus = 'waiting'}).
   */
  public RunQuery waiting() {
    return new RunQuery(pipeline, status, limit, retryOf, true);
  }

  public RunQuery {
    if (retryOf.isPresent() && !WORKFLOW_ID.matcher(retryOf.get()).matches()) {
      throw new IllegalArgumentException(
          "'" + retryOf.get() + "' is not a workflow id this query can name");
    }
    if (pipeline.isPresent() && !NAME.matcher(pipeline.get()).matches()) {
      throw new IllegalArgumentException(
          "'"
              + pipeline.get()
              + "' is not a pipeline name (lowercase letters, digits, '-' and '_')");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("the limit must be at least 1, not " + limit);
    }
  }

  public static RunQuery all() {
    return new RunQuery(Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
  }

  public RunQuery pipeline(String name) {
    return new RunQuery(Optional.of(name), status, limit, retryOf, onlyWaiting);
  }

  public RunQuery status(ListedStatus wanted) {
    return new RunQuery(pipeline, Optional.of(wanted), limit, retryOf, onlyWaiting);
  }

  public RunQuery limit(int most) {
    return new RunQuery(pipeline, status, most, retryOf, onlyWaiting);
  }

  /** Only the retries of run {@code workflowId} (search attribute {@code SkeinRetryOf}). */
  public RunQuery retryOf(String workflowId) {
    return new RunQuery(pipeline, status, limit, Optional.of(workflowId), onlyWaiting);
  }

  /**
   * The visibility query. A run that continued as new is listed once, as its latest execution; the
   * large fan-outs' child workflows are of another type and stay out.
   */
  public String visibilityQuery() {
    StringBuilder query =
        new StringBuilder("WorkflowType = '")
            .append(AgentPipeline.WORKFLOW_TYPE)
            .append("' AND ExecutionStatus != 'ContinuedAsNew'");
    pipeline.ifPresent(
        p ->
            query
                .append(" AND ")
                .append(SkeinSearchAttributes.PIPELINE.getName())
                .append(" = '")
                .append(p)
                .append('\''));
    retryOf.ifPresent(
        id ->
            query
                .append(" AND ")
                .append(SkeinSearchAttributes.RETRY_OF.getName())
                .append(" = '")
                .append(id)
                .append('\''));
    status.ifPresent(
        s -> query.append(" AND ExecutionStatus = '").append(s.executionStatus()).append('\''));
    if (onlyWaiting) {
      query
          .append(" AND ExecutionStatus = 'Running' AND ")
          .append(SkeinSearchAttributes.STATUS.getName())
          .append(" = '")
          .append(SkeinSearchAttributes.WAITING)
          .append('\'');
    }
    return query.toString();
  }
}
