package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.client.RunNotFoundException;
import dev.skein.client.SkeinClient;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testkit.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code skein run} as a process on each tier: exit codes, {@code --json}, a file that starts
 * nothing. In memory the command embeds its own service, as the README's first command does; on the
 * real tier it runs against the shared {@code temporal server start-dev}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class CliRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  @Parameter Tier tier;

  @BeforeAll
  static void files() throws Exception {
    Files.writeString(
        dir.resolve("ok.yaml"),
        """
        name: ok
        description: Two steps and a join
        inputs: {who: nobody, n: 0}
        steps:
          - id: hello
            prompt: "hello {{ inputs.who }} {{ inputs.n }}"
          - id: other
            prompt: "other"
          - id: both
            join: [hello, other]
        """);
    Files.writeString(
        dir.resolve("failing.yaml"),
        """
        name: failing
        steps:
          - id: boom
            agent: fail
            with: {message: broken on purpose, times: 5, retryable: false}
        """);
    Files.writeString(
        dir.resolve("malformed.yaml"), "name: malformed\nsteps:\n  - id: [unclosed\n");
    Files.writeString(dir.resolve("inputs.json"), "{\"who\": \"file\", \"n\": 1}");
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("run"));
    all.addAll(SharedService.runTarget(tier));
    all.addAll(List.of(args));
    return Cli.run(dir, all.toArray(String[]::new));
  }

  @Test
  void aSucceedingRunExitsZeroAndPrintsTheResultAsJson() throws Exception {
    Cli.Result r =
        run("ok.yaml", "--json", "--inputs", "inputs.json", "-i", "who=Ada", "-i", "n=2");

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(result.path("pipeline").asText()).isEqualTo("ok");
    assertThat(result.path("workflow_id").asText()).matches("ok-[0-9a-f]{16}");
    for (String key : List.of("run_id", "started_at", "completed_at", "steps")) {
      assertThat(result.has(key)).as(key).isTrue();
    }
    JsonNode hello = result.path("steps").get(0);
    assertThat(hello.path("id").asText()).isEqualTo("hello");
    for (String key :
        List.of("status", "level", "attempts", "launched_at", "completed_at", "output", "error")) {
      assertThat(hello.has(key)).as(key).isTrue();
    }
    assertThat(hello.path("output").asText()).isEqualTo("hello Ada 2");
    assertThat(result.path("steps").get(2).path("level").asInt()).isEqualTo(1);
    if (tier == Tier.IN_MEMORY) {
      Matcher startup = Pattern.compile("started in (\\d+) ms").matcher(r.err());
      assertThat(startup.find()).as(r.err()).isTrue();
      System.out.println("embedded service and worker started in " + startup.group(1) + " ms");
    }
  }

  @Test
  void aFailingRunExitsOneAndStillPrintsItsResult() throws Exception {
    Cli.Result r = run("failing.yaml", "--json");

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.path("status").asText()).isEqualTo("failed");
    assertThat(result.path("steps").get(0).path("status").asText()).isEqualTo("failed");
    assertThat(result.path("steps").get(0).path("error").path("message").asText())
        .contains("broken on purpose");
  }

  @Test
  void aMalformedFileExitsTwoAndStartsNothing() {
    SharedService service = SharedService.get(tier);
    String neverId = "malformed-never-" + tier.name().toLowerCase();
    Cli.Result r =
        Cli.run(dir, "run", "--address", service.address(), "--id", neverId, "malformed.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("malformed.yaml");
    assertThat(r.out()).isEmpty();
    try (SkeinClient client = service.connect()) {
      assertThatThrownBy(() -> client.attach(neverId).isRunning())
          .isInstanceOf(RunNotFoundException.class);
    }
  }
}
