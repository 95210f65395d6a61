package dev.skein.parse;

import java.util.Optional;

/**
 * One thing wrong with a pipeline document: a sentence, and where it is when that is known.
 *
 * @param source the file name, when the document came from a file
 * @param line 1-based line in that file
 * @param step the step the problem is about
 */
public record Problem(
    String message, Optional<String> source, Optional<Integer> line, Optional<String> step) {

  /** {@code file.yaml:12: step 'x': message}, leaving out what is unknown. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    source.ifPresent(s -> sb.append(s).append(line.map(l -> ":" + l).orElse("")).append(": "));
    if (source.isEmpty()) {
      line.ifPresent(l -> sb.append("line ").append(l).append(": "));
    }
    step.ifPresent(s -> sb.append("step '").append(s).append("': "));
    return sb.append(message).toString();
  }
}
