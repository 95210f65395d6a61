package dev.skein.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory removed, with everything in it, when it is closed or, failing that, when the JVM
 * exits (a Ctrl-C ends an embedded run without closing anything).
 */
final class TemporaryDirectory implements AutoCloseable {

  private final Path dir;
  private final Thread hook;

  private TemporaryDirectory(Path dir) {
    this.dir = dir;
    this.hook = new Thread(this::delete, "skein-remove-" + dir.getFileName());
  }

  static TemporaryDirectory removedAtExit(Path dir) {
    TemporaryDirectory t = new TemporaryDirectory(dir);
    Runtime.getRuntime().addShutdownHook(t.hook);
    return t;
  }

  @Override
  public void close() {
    delete();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran) anyway
    }
  }

  private void delete() {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      System.err.println("skein: cannot remove the temporary payload directory " + dir + ": " + e);
    }
  }
}
