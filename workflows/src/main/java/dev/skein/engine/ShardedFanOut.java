package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.skein.run.ProgressQuery;
import dev.skein.run.ShardRecord;
import dev.skein.run.TaskCounts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A fan-out too large for one workflow's history (more than {@link #MAX_IN_WORKFLOW} tasks), run as
 * child workflows of at most {@link #SHARD_SIZE} tasks each, at most {@link #MAX_RUNNING} at a
 * time. The parent keeps every task's record (results stay in input order) and shares the step's
 * and the run's caps out between the children as allotments, so {@code max_concurrency} counts
 * agents across all of them.
 */
final class ShardedFanOut {

  /** Fan-outs with more tasks than this run in child workflows; smaller ones in the run itself. */
  static final int MAX_IN_WORKFLOW = 1000;

  /** Tasks per child workflow: a few thousand events, far below every history limit. */
  static final int SHARD_SIZE = 500;

  /** Children of one step running at once. */
  static final int MAX_RUNNING = 8;

  /** One child workflow in flight: its tasks and how many agents it may run at once. */
  static final class Range {
    final int first;
    final int count;
    final String workflowId;
    int allotment;

    /** The child, once started: allotments can only be raised for a child that exists. */
    FanOutShard child;

    io.temporal.workflow.Promise<io.temporal.api.common.v1.WorkflowExecution> execution;

    Range(int first, int count, String workflowId, int allotment) {
      this.first = first;
      this.count = count;
      this.workflowId = workflowId;
      this.allotment = allotment;
    }

    int allotment() {
      return allotment;
    }

    int end() {
      return first + count;
    }
  }

  private final StepState step;
  private final JsonNode items;
  private final ArrayDeque<int[]> pending = new ArrayDeque<>();
  private final List<Range> running = new ArrayList<>();
  private final List<ShardRecord> done = new ArrayList<>();

  ShardedFanOut(StepState step, JsonNode items) {
    this.step = step;
    this.items = items;
    for (int first = 0; first < items.size(); first += SHARD_SIZE) {
      pending.add(new int[] {first, Math.min(SHARD_SIZE, items.size() - first)});
    }
  }

  /**
   * A sharded fan-out continued from an earlier execution: its pending tasks (contiguous runs of
   * them, at most {@link #SHARD_SIZE} each) wait for new children; finished children stay recorded.
   */
  ShardedFanOut(StepState step, List<ShardRecord> finished) {
    this.step = step;
    com.fasterxml.jackson.databind.node.ArrayNode all =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    step.tasks.forEach(t -> all.add(t.item == null ? NullNode.getInstance() : t.item));
    this.items = all;
    if (finished != null) {
      done.addAll(finished);
    }
    int i = 0;
    List<TaskState> tasks = step.tasks;
    while (i < tasks.size()) {
      if (tasks.get(i).status != dev.skein.run.StepStatus.PENDING) {
        i++;
        continue;
      }
      int first = i;
      while (i < tasks.size()
          && tasks.get(i).status == dev.skein.run.StepStatus.PENDING
          && i - first < SHARD_SIZE) {
        i++;
      }
      pending.add(new int[] {first, i - first});
    }
  }

  /** Records of the children that have ended. */
  List<ShardRecord> finishedRecords() {
    return List.copyOf(done);
  }

  /** Whether a fan-out of {@code size} tasks runs in child workflows. */
  static boolean needed(int size) {
    return size > MAX_IN_WORKFLOW;
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  int runningCount() {
    return running.size();
  }

  List<Range> running() {
    return running;
  }

  /** Nothing runs and nothing waits: every child has reported. */
  boolean idle() {
    return running.isEmpty() && pending.isEmpty();
  }

  /** The allotment a new child gets: the cap shared between the children that will run together. */
  int share(int cap) {
    int together = Math.min(MAX_RUNNING, running.size() + pending.size());
    return Math.max(1, (cap + together - 1) / Math.max(1, together));
  }

  /** Takes the next range for a child with {@code allotment} agents. */
  Range start(String parentWorkflowId, int allotment) {
    int[] r = pending.poll();
    Range range =
        new Range(
            r[0],
            r[1],
            parentWorkflowId + "/" + step.id() + "/" + r[0],
            Math.max(1, Math.min(allotment, r[1])));
    running.add(range);
    return range;
  }

  /** The items of a range, for its child's input. */
  List<JsonNode> slice(Range range) {
    List<JsonNode> slice = new ArrayList<>(range.count);
    for (int i = range.first; i < range.end(); i++) {
      slice.add(items.get(i));
    }
    return slice;
  }

  /** A child stopped early at {@code next}: the rest of its range runs in a new child first. */
  void requeue(int next, int end) {
    if (next < end) {
      pending.addFirst(new int[] {next, end - next});
    }
  }

  /** Drops the ranges no child started (the step is failing or the run stopping). */
  void dropPending() {
    pending.clear();
  }

  void finished(Range range, String status, TaskCounts counts) {
    running.remove(range);
    done.add(new ShardRecord(range.workflowId, range.first, range.count, status, counts));
  }

  List<ShardRecord> records(ProgressQuery query) {
    List<ShardRecord> records = new ArrayList<>();
    for (Range r : running) {
      records.add(new ShardRecord(r.workflowId, r.first, r.count, "running", null));
    }
    if (query.tasks()) {
      records.addAll(done);
    }
    return records;
  }
}
