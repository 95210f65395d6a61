package dev.skein.agents.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a process that exits without its attempts' clean-up does to the agents it started. */
class ProcessTreeTest {

  @Test
  void terminateAllStopsEveryTreeNotYetTerminated() throws Exception {
    // Ignores SIGTERM, as an agent saving its work might: with no grace it is killed at once.
    Process stubborn = new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 1000 & wait").start();
    Process plain = new ProcessBuilder("sh", "-c", "sleep 1000 & wait").start();
    ProcessTree first = new ProcessTree(stubborn.toHandle());
    ProcessTree second = new ProcessTree(plain.toHandle());
    List<ProcessHandle> members = awaitMembers(first, second);

    ProcessTree.terminateAll(Duration.ZERO);

    CompletableFuture.allOf(
            members.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
        .get(10, TimeUnit.SECONDS);
    assertThat(members).noneMatch(ProcessTree::isRunning);
  }

  /** Both shells and their sleeps, once the sleeps have started. */
  private static List<ProcessHandle> awaitMembers(ProcessTree... trees)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<ProcessHandle> all =
          java.util.Arrays.stream(trees).flatMap(t -> t.alive().stream()).toList();
      if (all.size() == 2 * trees.length || System.nanoTime() > deadline) {
        assertThat(all).hasSize(2 * trees.length);
        return all;
      }
      TimeUnit.MILLISECONDS.sleep(20); // the OS process table has nothing to latch on
    }
  }
}
