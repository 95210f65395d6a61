package dev.skein.engine;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;

/**
 * When a run's history has grown enough to continue as a new execution. The service suggests it (at
 * 4 MB or 4,096 events by default) long before its hard limits (50 MB, 51,200 events). A run
 * continues at the first moment nothing is in flight once that is suggested; past the hard marks
 * here it starts nothing new until the work in flight has finished, then continues.
 */
final class HistoryBudget {

  /** Continue when nothing is in flight, even if the service has not suggested it. */
  static final int SOFT_EVENTS = 10_000;

  static final long SOFT_BYTES = 10L * 1024 * 1024;

  /** Start nothing new: finish what runs, then continue. Well inside the service's limits. */
  static final int HARD_EVENTS = 30_000;

  static final long HARD_BYTES = 30L * 1024 * 1024;

  private HistoryBudget() {}

  /** Continue-as-new is due at the next moment nothing is in flight. */
  static boolean due() {
    WorkflowInfo info = Workflow.getInfo();
    return info.isContinueAsNewSuggested()
        || info.getHistoryLength() > SOFT_EVENTS
        || info.getHistorySize() > SOFT_BYTES;
  }

  /** The history is so large that nothing more may start before the run continues. */
  static boolean exhausted() {
    WorkflowInfo info = Workflow.getInfo();
    return info.getHistoryLength() > HARD_EVENTS || info.getHistorySize() > HARD_BYTES;
  }
}
