package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testkit.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code skein run} of every built-in-agent example in {@code examples/}, as the README shows it,
 * on each tier (the command's embedded service, or {@code --address} of the real server): the exit
 * code and the JSON result agree with what the example is for. {@link CliTest} validates them all.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class ExamplesTest {

  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Examples that end failed on purpose (see examples/README.md). */
  private static final List<String> FAILING_ON_PURPOSE = List.of("fails.yaml", "abort.yaml");

  @Parameter Tier tier;

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
    List<String> args = new ArrayList<>(List.of("run", "--json"));
    args.addAll(SharedService.runTarget(tier));
    args.add("examples/" + example);
    Cli.Result r = Cli.run(EXAMPLES.getParent(), args.toArray(String[]::new));

    boolean failing = FAILING_ON_PURPOSE.contains(example);
    assertThat(r.exit()).as(r.toString()).isEqualTo(failing ? 1 : 0);
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.path("status").asText()).isEqualTo(failing ? "failed" : "succeeded");
    assertThat(result.path("steps").size()).isPositive();
  }
}
