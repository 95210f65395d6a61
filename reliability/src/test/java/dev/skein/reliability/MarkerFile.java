package dev.skein.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The file the test agents append {@code start <step>} and {@code end <step>} lines to: the
 * activity-side record of how often each step really ran, whatever the workflow believes. Lines are
 * short and appended with O_APPEND, so concurrent writers never interleave within a line.
 */
record MarkerFile(Path path) {

  MarkerFile {
    try {
      Files.createDirectories(path.getParent());
      if (!Files.exists(path)) {
        Files.createFile(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> lines() {
    try {
      return Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long starts(String step) {
    return count("start " + step);
  }

  long ends(String step) {
    return count("end " + step);
  }

  /** Every step in {@code steps} started at least {@code times} times. */
  boolean allStarted(Collection<String> steps, int times) {
    List<String> lines = lines();
    return steps.stream().allMatch(s -> count(lines, "start " + s) >= times);
  }

  boolean noneEnded(Collection<String> steps) {
    List<String> lines = lines();
    return steps.stream().allMatch(s -> count(lines, "end " + s) == 0);
  }

  boolean allEnded(Collection<String> steps, int times) {
    List<String> lines = lines();
    return steps.stream().allMatch(s -> count(lines, "end " + s) >= times);
  }

  private long count(String line) {
    return count(lines(), line);
  }

  private static long count(List<String> lines, String line) {
    return lines.stream().filter(line::equals).count();
  }

  @Override
  public String toString() {
    return path + ":\n  " + String.join("\n  ", lines());
  }
}
