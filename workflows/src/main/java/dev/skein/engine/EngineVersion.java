package dev.skein.engine;

import io.temporal.workflow.Workflow;

/**
 * The shape of the commands a run issues, recorded once per run with {@code Workflow.getVersion},
 * so a worker running a newer Skein replays a run started by an older one exactly as it began.
 *
 * <p>Policy: a change to which commands the engine issues, or their order, adds a version here and
 * keeps the older behaviour for runs that recorded an older one; the recorded histories in the
 * replay tests (one for every way a run can stop, per shipped version) must keep replaying. Changes
 * that issue the same commands (records, queries, details, messages) need no version.
 */
final class EngineVersion {

  static final String CHANGE_ID = "skein-engine";

  /** The first shipped engine: everything in one workflow, no search attributes. */
  static final int FIRST = Workflow.DEFAULT_VERSION;

  /**
   * Large fan-outs in child workflows, continue-as-new when history grows, search attributes
   * upserted as the run moves.
   */
  static final int SHARDS = 1;

  /**
   * Retries: a run with {@code resume_from} reads its source's records with {@code
   * LoadResumeSource} first, and reuses what it may instead of launching it.
   */
  static final int RETRY = 2;

  /**
   * The pipeline language's later checks and condition operators ({@link
   * dev.skein.parse.Rules#CURRENT}): the commands are the same, but which documents a run refuses
   * is not, so a run that recorded an older version parses as that release did.
   */
  static final int LANGUAGE = 3;

  /**
   * Human-in-the-loop: {@code approval} steps and {@code on_error: pause} wait for a decision that
   * arrives through the {@code decide} update (timers for their timeouts, the waiting status as a
   * search attribute). Runs that recorded an older version parse without those keys.
   */
  static final int HUMAN = 4;

  /**
   * Gates carried across continue-as-new: a run whose only work in flight is gates waiting for a
   * decision continues as new when its history is large, and its next execution opens them again
   * (their prompt, since and timeout kept). Earlier runs never continued while a gate waited.
   */
  static final int GATES_CARRIED = 5;

  static final int LATEST = GATES_CARRIED;

  private EngineVersion() {}

  /** The parse rules of a run that recorded {@code version}. */
  static dev.skein.parse.Rules rules(int version) {
    if (version >= HUMAN) {
      return dev.skein.parse.Rules.CURRENT;
    }
    return version >= LANGUAGE
        ? dev.skein.parse.Rules.LANGUAGE
        : dev.skein.parse.Rules.FIRST_RELEASE;
  }

  /** This run's version: the latest for a new run, what it recorded for a replayed one. */
  static int ofThisRun() {
    return Workflow.getVersion(CHANGE_ID, FIRST, LATEST);
  }
}
