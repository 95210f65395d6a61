package dev.skein.template;

import java.util.List;
import java.util.Optional;

/**
 * One reference inside {@code {{ … }}} or a condition.
 *
 * @param root {@code inputs}, {@code steps}, {@code item}, {@code index}, {@code run} or {@code
 *     pipeline}
 * @param path the segments after the root; array indexes as their decimal text
 * @param expression the reference as written, for messages
 */
public record TemplateRef(String root, List<String> path, String expression) {

  public TemplateRef {
    path = List.copyOf(path);
  }

  /** The step a {@code steps.X…} reference names. */
  public Optional<String> stepId() {
    return root.equals("steps") && !path.isEmpty() ? Optional.of(path.get(0)) : Optional.empty();
  }

  /** The input an {@code inputs.x…} reference names. */
  public Optional<String> inputName() {
    return root.equals("inputs") && !path.isEmpty() ? Optional.of(path.get(0)) : Optional.empty();
  }
}
