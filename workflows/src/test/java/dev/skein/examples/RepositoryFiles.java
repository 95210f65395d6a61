package dev.skein.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds files of the repository from a module test, whatever directory Maven runs it in. */
final class RepositoryFiles {

  private RepositoryFiles() {}

  /** The repository root: the nearest directory upwards that holds {@code examples/}. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("examples")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no examples/ directory above " + dir);
  }

  static Path examples() {
    return root().resolve("examples");
  }

  /** Every example pipeline in YAML, {@code json/} copies excluded, sorted for stable names. */
  static List<Path> yamlExamples() {
    Path examples = examples();
    try (Stream<Path> files = Files.walk(examples)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !examples.relativize(p).startsWith("json"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code examples/a/b.yaml} -> {@code examples/json/a/b.json}. */
  static Path jsonCopyOf(Path yaml) {
    String relative = examples().relativize(yaml).toString();
    String base = relative.substring(0, relative.length() - ".yaml".length());
    return examples().resolve("json").resolve(base + ".json");
  }
}
