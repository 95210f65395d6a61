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

  /**
   * The head of a pipeline, through {@code steps:}, whose default agent {@code marker} writes
   * {@code start <prompt>} here, sleeps {@code stepSeconds}, writes {@code end <prompt>} and
   * answers {@code done <prompt>}. A 3 s heartbeat timeout hands the agents of a dead worker back
   * soon.
   */
  String pipelineHead(String name, int maxConcurrency, String taskQueue, int stepSeconds) {
    return """
        name: %s
        defaults:
          agent: marker
          max_concurrency: %d
          heartbeat_timeout: 3s
          retry: {max_attempts: 3, initial_interval: 500ms, backoff: 1.0, max_interval: 1s}
          task_queue: %s
        agents:
          marker:
            kind: command
            command:
              - sh
              - -c
              - 'echo "start $SKEIN_PROMPT" >> "$MARKER"; sleep %d; echo "end $SKEIN_PROMPT" >> "$MARKER"; echo "done $SKEIN_PROMPT"'
            prompt_via: env
            env: {MARKER: "%s"}
            grace_period: 1s
        steps:
        """
        .formatted(name, maxConcurrency, taskQueue, stepSeconds, path.toAbsolutePath());
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
