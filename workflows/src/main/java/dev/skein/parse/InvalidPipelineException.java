package dev.skein.parse;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline document with problems; carries all of them, not just the first. */
public final class InvalidPipelineException extends Exception {

  private final List<Problem> problems;

  public InvalidPipelineException(List<Problem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String describe(List<Problem> problems) {
    return problems.size() == 1
        ? problems.get(0).toString()
        : problems.size()
            + " problems:\n"
            + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
