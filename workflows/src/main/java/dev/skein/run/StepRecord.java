package dev.skein.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One step of a run as it stands. Times are workflow time, ISO-8601, null until they happen.
 *
 * <p>Each output appears once: a plain step's in {@code output} (or {@code output_ref} when it was
 * too large for history), a fan-out's in its tasks, a large join's in its branches ({@code join}).
 *
 * @param kind {@code agent}, {@code fan_out} or {@code join}
 * @param output the output text; null for fan-outs, for stored outputs and for large joins
 * @param outputRef where a large output was stored; Skein's clients read it back
 * @param join set instead of {@code output} for a join made of large branches
 * @param reason why a step was skipped or cancelled ({@code condition_false}, {@code
 *     upstream_failed}, {@code upstream_skipped}, {@code fail_fast}, {@code timeout}, {@code
 *     cancelled}, {@code aborted}), else null
 * @param taskCounts a fan-out's tasks by status, once its items are known; null for other steps
 * @param tasks fan-out tasks in input order; left out of the lean {@code progress} form
 * @param shards the child workflows of a fan-out too large for one workflow
 * @param requestDigest hex SHA-256 of what the agent was asked (agent, configuration, prompt,
 *     {@code with}); a retry reuses the output only while it is unchanged. Null for joins and for
 *     steps that never launched
 * @param reusedFrom set when a retry took this step's output from the run it retries (that run's
 *     workflow id) instead of running the agent again; for a fan-out, when every task was reused
 * @param reusedTasks how many of a fan-out's tasks a retry reused; null when none were
 * @param usage what the step's agents spent (a fan-out: all its tasks), every attempt counted; null
 *     when they reported nothing
 * @param failures how each failed attempt of the step's agent failed, oldest first, when it was
 *     retried (a step that failed twice and then succeeded has two); null when no attempt failed or
 *     the step is a fan-out (its tasks have their own)
 * @param live what the service says of the step's agent call while it is in flight (queued, running
 *     or waiting to retry, its attempt, last failure and progress); never set by the workflow,
 *     added by Skein's client for {@code status} and {@code watch}
 * @param waiting the gates of this step that wait for a decision now (an approval, or the step or
 *     its tasks paused on a failure); null when none waits
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
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
    @JsonInclude(JsonInclude.Include.NON_NULL) OutputRef outputRef,
    @JsonInclude(JsonInclude.Include.NON_NULL) JoinRecord join,
    ErrorInfo error,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
    @JsonInclude(JsonInclude.Include.NON_NULL) TaskCounts taskCounts,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<TaskRecord> tasks,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<ShardRecord> shards,
    @JsonInclude(JsonInclude.Include.NON_NULL) String requestDigest,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reusedFrom,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer reusedTasks,
    @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<FailedAttempt> failures,
    @JsonInclude(JsonInclude.Include.NON_NULL) LiveAttempt live,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<GateRecord> waiting)
    implements AgentRun {

  /** A step's record to fill in; every component not named starts null (or 0). */
  public static Builder builder(String id, String kind, StepStatus status) {
    return new Builder(id, kind).status(status);
  }

  /** A builder holding this record's components, for a copy that changes a few of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether a retry reused this step's output (or, for a fan-out, every task's). */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean reused() {
    return reusedFrom != null;
  }

  /** This record with its output (and stored reference) replaced, for clients that resolve it. */
  public StepRecord withOutput(String text) {
    return toBuilder().output(text).outputRef(null).join(null).build();
  }

  public StepRecord withTasks(List<TaskRecord> resolved) {
    return toBuilder().tasks(resolved).build();
  }

  public StepRecord withCounts(TaskCounts counts) {
    return toBuilder().taskCounts(counts).build();
  }

  /** This record with what the service says of its agent call in flight. */
  public StepRecord withLive(LiveAttempt attempt) {
    return toBuilder().live(attempt).build();
  }

  /**
   * Sets a record's components by name, so callers name just the ones they set and the canonical
   * constructor (the one Jackson reads with) stays the only constructor. The step's id and kind are
   * fixed: a copy is of the same step.
   */
  public static final class Builder extends AgentRun.Builder<Builder> {
    private final String id;
    private final String kind;
    private String agent;
    private int level;
    private JoinRecord join;
    private String reason;
    private TaskCounts taskCounts;
    private List<TaskRecord> tasks;
    private List<ShardRecord> shards;
    private Integer reusedTasks;
    private LiveAttempt live;
    private List<GateRecord> waiting;

    private Builder(String id, String kind) {
      this.id = id;
      this.kind = kind;
    }

    private Builder(StepRecord r) {
      this(r.id, r.kind);
      copy(r);
      agent = r.agent;
      level = r.level;
      join = r.join;
      reason = r.reason;
      taskCounts = r.taskCounts;
      tasks = r.tasks;
      shards = r.shards;
      reusedTasks = r.reusedTasks;
      live = r.live;
      waiting = r.waiting;
    }

    public Builder agent(String agent) {
      this.agent = agent;
      return this;
    }

    public Builder level(int level) {
      this.level = level;
      return this;
    }

    public Builder join(JoinRecord join) {
      this.join = join;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder taskCounts(TaskCounts taskCounts) {
      this.taskCounts = taskCounts;
      return this;
    }

    public Builder tasks(List<TaskRecord> tasks) {
      this.tasks = tasks;
      return this;
    }

    public Builder shards(List<ShardRecord> shards) {
      this.shards = shards;
      return this;
    }

    public Builder reusedTasks(Integer reusedTasks) {
      this.reusedTasks = reusedTasks;
      return this;
    }

    public Builder live(LiveAttempt live) {
      this.live = live;
      return this;
    }

    public Builder waiting(List<GateRecord> waiting) {
      this.waiting = waiting;
      return this;
    }

    public StepRecord build() {
      return new StepRecord(
          id,
          kind,
          agent,
          status,
          level,
          attempts,
          launchedAt,
          completedAt,
          output,
          outputRef,
          join,
          error,
          reason,
          taskCounts,
          tasks,
          shards,
          requestDigest,
          reusedFrom,
          reusedTasks,
          usage,
          failures,
          live,
          waiting);
    }
  }
}
