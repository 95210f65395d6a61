package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.output.OutputValue;
import dev.skein.run.ErrorInfo;
import dev.skein.run.FailedAttempt;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskRecord;
import dev.skein.run.Usage;
import java.util.List;

/** One fan-out task as the run state holds it (mutable; only the workflow thread touches it). */
final class TaskState {
  final int index;
  final JsonNode item;
  StepStatus status = StepStatus.PENDING;
  OutputValue value;
  ErrorInfo error;
  int attempts;
  String launchedAt;
  String completedAt;
  Usage usage;

  /** How the task's failed attempts failed when it was retried; null when none did. */
  List<FailedAttempt> failures;

  /** What the agent was asked for this task, once it was (see {@link RequestDigest}). */
  String requestDigest;

  /** The run a retry took this task's output from, when it did. */
  String reusedFrom;

  /** A {@code retry} decision's replacement prompt: the next launch asks this instead. */
  String promptOverride;

  TaskState(int index, JsonNode item) {
    this.index = index;
    this.item = item;
  }

  /** What the fan-out's array holds for this task: its output, or an error envelope. */
  OutputValue element() {
    if (status == StepStatus.SUCCEEDED && value != null) {
      return value;
    }
    if (error != null) {
      return OutputValue.failure(error);
    }
    return OutputValue.failure(
        new ErrorInfo("Cancelled", "task " + index + " was " + status, false));
  }

  /** The task for the next execution: an item only where it is still needed or shown. */
  CarriedRun.Task carried() {
    return new CarriedRun.Task(
        index,
        status.isFinal() ? shortItem() : item,
        status,
        value,
        error,
        attempts,
        launchedAt,
        completedAt,
        requestDigest,
        reusedFrom,
        usage,
        failures);
  }

  TaskRecord record() {
    return TaskRecord.builder(index, status)
        .item(shortItem())
        .output(value == null ? null : value.text())
        .outputRef(value == null ? null : value.ref())
        .error(error)
        .attempts(attempts)
        .launchedAt(launchedAt)
        .completedAt(completedAt)
        .requestDigest(requestDigest)
        .reusedFrom(reusedFrom)
        .usage(usage)
        .failures(failures)
        .build();
  }

  /** The item when it is short; a long one would repeat (part of) an output in every record. */
  private JsonNode shortItem() {
    if (item == null) {
      return null;
    }
    if (item.isValueNode()) {
      return item.isTextual() && item.textValue().length() > TaskRecord.MAX_ITEM_CHARS
          ? null
          : item;
    }
    return item.size() <= TaskRecord.MAX_ITEM_CHARS / 4
            && item.toString().length() <= TaskRecord.MAX_ITEM_CHARS
        ? item
        : null;
  }
}
