package dev.skein.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Waits for a line in a child process's log file (polling, since a file has no latch). */
public final class LogFiles {

  private LogFiles() {}

  public static String awaitContains(Path file, String text, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String content = Files.exists(file) ? Files.readString(file) : "";
      if (content.contains(text)) {
        return content;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "'" + text + "' not in " + file + " after " + timeout + ":\n" + content);
      }
      Thread.sleep(100);
    }
  }

  /** Waits until one of the files contains {@code text}. */
  public static void awaitContainsAny(List<Path> files, String text, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Path file : files) {
        if (Files.exists(file) && Files.readString(file).contains(text)) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("'" + text + "' not in " + files + " after " + timeout);
      }
      Thread.sleep(100);
    }
  }
}
