package dev.skein.agents;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the processes a test's agents started, by a unique marker the test puts among their
 * arguments (the shell's {@code $0}), so that a test can see them run and see them gone.
 */
final class MarkedProcesses {

  private MarkedProcesses() {}

  /** Whether {@code process} has {@code marker} among its arguments. */
  static boolean carries(ProcessHandle process, String marker) {
    return process.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false);
  }

  /**
   * This JVM's descendants that carry {@code marker}, with their own descendants, once there are at
   * least {@code count} of them.
   */
  static List<ProcessHandle> await(String marker, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> all =
          ProcessHandle.current()
              .descendants()
              .filter(p -> carries(p, marker))
              .flatMap(root -> Stream.concat(Stream.of(root), root.descendants()))
              .distinct()
              .toList();
      if (all.size() >= count) {
        return all;
      }
      TimeUnit.MILLISECONDS.sleep(20); // polling the OS process table; there is nothing to latch on
    }
    throw new AssertionError("the processes marked " + marker + " did not appear");
  }
}
