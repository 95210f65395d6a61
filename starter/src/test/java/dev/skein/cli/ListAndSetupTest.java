package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.run.RunResult;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testkit.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code skein list} and {@code skein setup} as processes. Listing reads the real server's
 * visibility store (SQLite behind {@code temporal server start-dev}); the in-memory service has
 * none, and says so.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class ListAndSetupTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameter Tier tier;

  @TempDir Path dir;

  @Test
  void listShowsAPipelinesRunsNewestFirstAndFiltersThem() throws Exception {
    String pipeline = "listing-" + Long.toString(System.nanoTime(), 36);
    // A priced agent: the run that succeeds spent $0.0081, which the listing shows.
    String succeeded =
        run(
            pipeline,
            "{id: a, agent: priced, prompt: a}",
            """
            agents:
              priced:
                kind: command
                command: [sh, -c, 'cat >/dev/null; echo "{\\"in\\": 1200, \\"out\\": 300}"']
                usage: {extractor: json, input_tokens: in, output_tokens: out}
                price: {input_per_mtok: 3, output_per_mtok: 15}
            """);
    String failed = run(pipeline, "{id: a, agent: fail, with: {retryable: false}}");
    run("other-" + pipeline, "{id: a, prompt: a}");

    if (tier == Tier.IN_MEMORY) {
      Cli.Result refused = list("--pipeline", pipeline);
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
      assertThat(refused.err().strip())
          .startsWith("Listing runs needs a real Temporal server")
          .doesNotContain("\n");
      return;
    }
    JsonNode both = awaitListed(2, "--pipeline", pipeline, "--json");
    Cli.Result onlyFailed = list("--pipeline", pipeline, "--status", "failed", "--json");
    Cli.Result newest = list("--pipeline", pipeline, "--limit", "1", "--json");
    Cli.Result table = list("--pipeline", pipeline);

    assertThat(ids(both)).containsExactly(failed, succeeded);
    assertThat(both.get(0).path("status").asText()).isEqualTo("failed");
    assertThat(both.get(1).path("status").asText()).isEqualTo("succeeded");
    assertThat(both.get(1).path("pipeline").asText()).isEqualTo(pipeline);
    assertThat(both.get(1).path("closed_at").asText()).isNotEmpty();
    assertThat(both.get(1).path("cost_usd").asDouble()).isCloseTo(0.0081, within(1e-9));
    assertThat(both.get(0).has("cost_usd")).isFalse();
    assertThat(ids(JSON.readTree(onlyFailed.out()))).containsExactly(failed);
    assertThat(ids(JSON.readTree(newest.out()))).containsExactly(failed);
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).matches("ID +PIPELINE +STATUS +STARTED +CLOSED +COST");
    assertThat(lines.get(2)).startsWith(succeeded).endsWith("$0.0081");
    assertThat(lines.get(1)).startsWith(failed).contains(pipeline, "failed");
    assertThat(lines).hasSize(3);
  }

  @Test
  void aPipelineNameThatCannotBeOneIsAUsageError() {
    Cli.Result r = list("--pipeline", "x' OR WorkflowType != '");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("is not a pipeline name");
  }

  @Test
  void setupRegistersTheAttributesOrSaysWhatToRun() {
    Cli.Result done = Cli.run(dir, "setup", "--address", SharedService.get(tier).address());

    assertThat(done.exit()).as(done.toString()).isZero();
    assertThat(done.out())
        .contains(
            "SkeinPipeline (Keyword), SkeinStatus (Keyword), SkeinRetryOf (Keyword),"
                + " SkeinCostUsd (Double) are registered in namespace default");
    if (tier == Tier.REAL_SERVER) {
      // The in-memory service takes any namespace; a real one refuses one that does not exist.
      Cli.Result refused =
          Cli.run(
              dir,
              "setup",
              "--address",
              SharedService.get(tier).address(),
              "--namespace",
              "no-such-namespace");
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err())
          .contains("NOT_FOUND")
          .contains(
              "temporal operator search-attribute create --namespace no-such-namespace --name"
                  + " SkeinPipeline --type Keyword --name SkeinStatus --type Keyword --name"
                  + " SkeinRetryOf --type Keyword --name SkeinCostUsd --type Double");
    }
  }

  private String run(String pipeline, String step) throws Exception {
    return run(pipeline, step, "");
  }

  private String run(String pipeline, String step, String more) throws Exception {
    try (SkeinClient client = SharedService.get(tier).connect()) {
      RunResult result =
          client
              .start(
                  new YAMLMapper()
                      .readTree("name: " + pipeline + "\n" + more + "steps:\n  - " + step + "\n"),
                  Map.of(),
                  StartOptions.defaults())
              .result();
      return result.workflowId();
    }
  }

  private Cli.Result list(String... args) {
    List<String> all = new ArrayList<>(List.of("list", "--address"));
    all.add(SharedService.get(tier).address());
    all.addAll(List.of(args));
    return Cli.run(dir, all.toArray(String[]::new));
  }

  /** Visibility lags the runs a little: polls until the listing holds {@code count} runs. */
  private JsonNode awaitListed(int count, String... args) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Cli.Result r = list(args);
      assertThat(r.exit()).as(r.toString()).isZero();
      JsonNode runs = JSON.readTree(r.out());
      if (runs.size() >= count || System.nanoTime() > deadline) {
        return runs;
      }
      Thread.sleep(200);
    }
  }

  private static List<String> ids(JsonNode runs) {
    List<String> ids = new ArrayList<>();
    runs.forEach(r -> ids.add(r.path("workflow_id").asText()));
    return ids;
  }
}
