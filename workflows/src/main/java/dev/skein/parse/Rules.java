package dev.skein.parse;

/**
 * Which checks a parse applies. Parsing runs inside the workflow, so a check added after a release
 * must not reject, on replay, a run that release accepted (nor accept one it rejected): the engine
 * picks the rules by the version its run recorded.
 */
public enum Rules {
  /** The first release's checks and condition syntax, for replaying runs it started. */
  FIRST_RELEASE(false, false, false),
  /**
   * The checks and conditions of engine version 3 (LANGUAGE), before the human-in-the-loop keys
   * ({@code approval}, {@code on_error: pause}, {@code pause_timeout}) existed, for replaying its
   * runs.
   */
  LANGUAGE(true, true, false),
  /** Every check, the whole condition syntax and every key: the CLI and new runs. */
  CURRENT(true, true, true),
  /**
   * A document a run already accepted (a continued execution, a fan-out shard): the whole syntax,
   * none of the checks added since the first release, so it is never refused half-way.
   */
  ACCEPTED(true, false, true);

  private final boolean extendedConditions;
  private final boolean strict;
  private final boolean human;

  Rules(boolean extendedConditions, boolean strict, boolean human) {
    this.extendedConditions = extendedConditions;
    this.strict = strict;
    this.human = human;
  }

  /**
   * The human-in-the-loop keys exist: {@code approval}, {@code on_error: pause}, {@code
   * pause_timeout}.
   */
  public boolean human() {
    return human;
  }

  /** Conditions may use {@code <}, {@code <=}, {@code >}, {@code >=} and {@code in}. */
  public boolean extendedConditions() {
    return extendedConditions;
  }

  /** The checks added after the first release apply. */
  public boolean strict() {
    return strict;
  }
}
