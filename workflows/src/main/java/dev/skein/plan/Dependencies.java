package dev.skein.plan;

import dev.skein.model.Step;
import java.util.Set;

/** Which steps a step depends on. */
public final class Dependencies {

  private Dependencies() {}

  /**
   * {@code depends_on}, {@code join} and every {@code steps.X} referenced in the prompt, {@code
   * with}, {@code for_each} or {@code when}; in first-mention order. Templates that do not parse
   * contribute nothing (validation reports them).
   */
  public static Set<String> of(Step step) {
    throw new UnsupportedOperationException("TODO");
  }
}
