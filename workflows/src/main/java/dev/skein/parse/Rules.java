package dev.skein.parse;

/**
 * Which checks a parse applies. Parsing runs inside the workflow, so a check added after a release
 * must not reject, on replay, a run that release accepted (nor accept one it rejected): the engine
 * picks the rules by the version its run recorded.
 */
public enum Rules {
  /** The first release's checks and condition syntax, for replaying runs it started. */
  FIRST_RELEASE(false, false),
  /** Every check and the whole condition syntax: the CLI and new runs. */
  CURRENT(true, true),
  /**
   * A document a run already accepted (a continued execution, a fan-out shard): the whole syntax,
   * none of the checks added since the first release, so it is never refused half-way.
   */
  ACCEPTED(true, false);

  private final boolean extendedConditions;
  private final boolean strict;

  Rules(boolean extendedConditions, boolean strict) {
    this.extendedConditions = extendedConditions;
    this.strict = strict;
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
