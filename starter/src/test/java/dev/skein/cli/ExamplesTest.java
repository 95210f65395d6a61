package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code skein run} of every built-in-agent example in {@code examples/}, as the README shows it,
 * on the embedded service: the exit code and the JSON result agree with what the example is for.
 */
class ExamplesTest {

  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Examples that end failed on purpose (see examples/README.md). */
  private static final List<String> FAILING_ON_PURPOSE = List.of("fails.yaml", "abort.yaml");

  static Stream<String> examples() throws IOException {
    if (!Files.isDirectory(EXAMPLES)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void runsWithTheExpectedOutcome(String example) throws Exception {
    Cli.Result r = Cli.run(EXAMPLES.getParent(), "run", "--json", "examples/" + example);

    boolean failing = FAILING_ON_PURPOSE.contains(example);
    assertThat(r.exit()).as(r.toString()).isEqualTo(failing ? 1 : 0);
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.path("status").asText()).isEqualTo(failing ? "failed" : "succeeded");
    assertThat(result.path("steps").size()).isPositive();
  }

  @Test
  void everyExampleIncludingRealAgentsValidates() throws Exception {
    List<String> files;
    try (Stream<Path> all = Files.walk(EXAMPLES)) {
      files =
          all.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json"))
              .map(p -> EXAMPLES.getParent().relativize(p).toString())
              .sorted()
              .toList();
    }
    assertThat(files).isNotEmpty();
    String[] args = Stream.concat(Stream.of("validate"), files.stream()).toArray(String[]::new);

    Cli.Result r = Cli.run(EXAMPLES.getParent(), args);

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    assertThat(r.out().lines().count()).isEqualTo(files.size());
  }
}
