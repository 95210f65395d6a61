package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.run.ErrorInfo;
import dev.skein.run.StepStatus;
import dev.skein.run.TaskRecord;

/** One fan-out task as the run state holds it (mutable; only the workflow thread touches it). */
final class TaskState {
  final int index;
  final JsonNode item;
  StepStatus status = StepStatus.PENDING;
  String output;
  ErrorInfo error;
  int attempts;
  String launchedAt;
  String completedAt;

  TaskState(int index, JsonNode item) {
    this.index = index;
    this.item = item;
  }

  TaskRecord record() {
    return new TaskRecord(index, item, status, output, error, attempts, launchedAt, completedAt);
  }
}
