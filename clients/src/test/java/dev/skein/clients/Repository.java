package dev.skein.clients;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository this module is in: the clients and the tools live beside the Maven modules. */
final class Repository {

  private Repository() {}

  /** The directory holding {@code tools/install-tools}, found from the working directory up. */
  static Path root() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("tools/install-tools"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no tools/install-tools above " + start);
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }
}
