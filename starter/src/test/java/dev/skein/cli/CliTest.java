package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.client.RunNotFoundException;
import dev.skein.client.SkeinClient;
import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The skein command as a process: exit codes, --json, validation, graphs, usage errors. */
class CliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

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
    Files.writeString(
        dir.resolve("invalid.yaml"),
        "name: invalid\nsteps:\n  - id: a\n    agent: nobody-knows\n  - id: a\n    prompt: x\n");
    Files.writeString(dir.resolve("inputs.json"), "{\"who\": \"file\", \"n\": 1}");
  }

  @Test
  void aSucceedingRunExitsZeroAndPrintsTheResultAsJson() throws Exception {
    Cli.Result r =
        Cli.run(
            dir,
            "run",
            "ok.yaml",
            "--json",
            "--inputs",
            "inputs.json",
            "-i",
            "who=Ada",
            "-i",
            "n=2");

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.path("status").asText()).isEqualTo("succeeded");
    assertThat(result.path("pipeline").asText()).isEqualTo("ok");
    assertThat(result.path("workflow_id").asText()).matches("ok-[0-9a-f]{4}");
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
    Matcher startup = Pattern.compile("started in (\\d+) ms").matcher(r.err());
    assertThat(startup.find()).as(r.err()).isTrue();
    System.out.println("embedded service and worker started in " + startup.group(1) + " ms");
  }

  @Test
  void aFailingRunExitsOneAndStillPrintsItsResult() throws Exception {
    Cli.Result r = Cli.run(dir, "run", "failing.yaml", "--json");

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.path("status").asText()).isEqualTo("failed");
    assertThat(result.path("steps").get(0).path("status").asText()).isEqualTo("failed");
    assertThat(result.path("steps").get(0).path("error").path("message").asText())
        .contains("broken on purpose");
  }

  @Test
  void aMalformedFileExitsTwoAndStartsNothing() {
    String address = SharedService.get().address();
    Cli.Result r =
        Cli.run(dir, "run", "--address", address, "--id", "malformed-never", "malformed.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("malformed.yaml");
    assertThat(r.out()).isEmpty();
    try (SkeinClient client = SharedService.get().connect()) {
      assertThatThrownBy(() -> client.attach("malformed-never").isRunning())
          .isInstanceOf(RunNotFoundException.class);
    }
  }

  @Test
  void anUnreachableAddressExitsThreeWithOneSentence() {
    Cli.Result r = Cli.run(dir, "run", "--address", "127.0.0.1:1", "ok.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    assertThat(r.err().strip()).contains("127.0.0.1:1").doesNotContain("\n");
  }

  @Test
  void validateListsEveryProblemAndExitsTwo() {
    Cli.Result r = Cli.run(dir, "validate", "ok.yaml", "invalid.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.out()).contains("ok.yaml: valid");
    assertThat(r.err()).contains("invalid.yaml").contains("nobody-knows");
    assertThat(r.err().lines().filter(l -> l.contains("invalid.yaml")).count())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(Cli.run(dir, "run").exit()).isEqualTo(2);
    Cli.Result unknown = Cli.run(dir, "frobnicate");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("frobnicate").contains("--help");
  }

  @Test
  void graphShowsLevelsMermaidAndDot() {
    Cli.Result text = Cli.run(dir, "graph", "ok.yaml");
    assertThat(text.exit()).as(text.toString()).isEqualTo(0);
    assertThat(text.out()).contains("level 0").contains("level 1").contains("both");
    assertThat(text.out()).containsPattern("both\\s+<- hello, other\\s+\\(join\\)");

    Cli.Result mermaid = Cli.run(dir, "graph", "--format", "mermaid", "ok.yaml");
    assertThat(mermaid.out())
        .startsWith("flowchart TD")
        .contains("s0 --> s2")
        .contains("s1 --> s2");

    Cli.Result dot = Cli.run(dir, "graph", "-f", "dot", "ok.yaml");
    assertThat(dot.out()).startsWith("digraph \"ok\"").contains("\"hello\" -> \"both\"");
  }

  @Test
  void aBadStorageSettingIsOneSentenceAndExitTwo() {
    Cli.Result r = Cli.run(dir, "status", "--storage-threshold", "lots", "some-id");
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "Storage settings: --storage-threshold: invalid size 'lots' (expected bytes, or a"
                + " number with KiB, MiB, GiB, KB, MB or GB, like 256KiB).");
  }

  @Test
  void theDevServerPrintsTheStoreItsWorkersAndClientsMustShare() throws Exception {
    Path out = dir.resolve("dev-storage.out");
    Process p =
        Cli.start(
            dir,
            out,
            dir.resolve("dev-storage.err"),
            java.util.Map.of(),
            "dev-server",
            "--port",
            String.valueOf(dev.skein.testing.Ports.free()),
            "--storage",
            "s3",
            "--s3-bucket",
            "team-payloads",
            "--s3-endpoint",
            "http://localhost:9000");
    try {
      dev.skein.testing.LogFiles.awaitContains(out, "run:", java.time.Duration.ofSeconds(30));
      String flags = "--storage s3 --s3-bucket team-payloads --s3-endpoint http://localhost:9000";
      assertThat(Files.readString(out))
          .contains("storage:   s3://team-payloads at http://localhost:9000 (payloads above 256KiB")
          .contains("worker:    skein worker --address localhost:")
          .contains(flags + "\n")
          .contains(flags + " FILE");
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  @Test
  void everyCommandHasHelp() {
    CommandLine cli = SkeinMain.commandLine();
    for (String command : cli.getSubcommands().keySet()) {
      StringWriter out = new StringWriter();
      cli.setOut(new PrintWriter(out));
      cli.getSubcommands().get(command).setOut(new PrintWriter(out));
      int exit = cli.execute(command, "--help");
      if (!command.equals("help")) {
        assertThat(exit).as(command).isEqualTo(0);
        assertThat(out.toString()).as(command).contains("Usage: skein " + command);
      }
    }
    assertThat(cli.getSubcommands().keySet())
        .contains(
            "run",
            "start",
            "watch",
            "status",
            "result",
            "cancel",
            "validate",
            "graph",
            "timeline",
            "worker",
            "dev-server");
  }
}
