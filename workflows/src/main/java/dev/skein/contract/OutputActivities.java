package dev.skein.contract;

import dev.skein.run.OutputRef;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.common.converter.RawValue;

/**
 * Reads a stored output into the workflow, for the few places workflow code needs its content (a
 * {@code when} or {@code on_result} condition, a {@code for_each} list, a structured join checked
 * against its schema).
 *
 * <p>The worker checks the output can be read, then returns the SDK's external-storage reference to
 * it as a raw value: history records only that reference and the workflow receives the output, so
 * nothing is stored twice. The workflow calls it untyped, expecting a {@code String}.
 */
@ActivityInterface
public interface OutputActivities {

  String LOAD_OUTPUT = "LoadOutput";

  @ActivityMethod(name = LOAD_OUTPUT)
  RawValue loadOutput(OutputRef ref);
}
