package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.parse.PipelineSchema;
import dev.skein.testing.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The skein command as a process, where no service is involved: validation, graphs, usage errors,
 * an unreachable address. Runs are in {@link CliRunTest}.
 */
class CliTest {

  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

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
    Files.writeString(dir.resolve("one.yaml"), "name: one\nsteps:\n  - id: a\n    prompt: x\n");
    Files.writeString(
        dir.resolve("invalid.yaml"),
        "name: invalid\nsteps:\n  - id: a\n    agent: nobody-knows\n  - id: a\n    prompt: x\n");
  }

  @Test
  void anUnreachableAddressExitsThreeWithOneSentence() {
    Cli.Result r = Cli.run(dir, "run", "--address", "127.0.0.1:1", "ok.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    assertThat(r.err().strip()).contains("127.0.0.1:1").doesNotContain("\n");
  }

  @Test
  void validateListsEveryProblemAndExitsTwo() {
    Cli.Result r = Cli.run(dir, "validate", "ok.yaml", "one.yaml", "invalid.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.out().lines())
        .contains(
            "ok.yaml: valid: pipeline 'ok', 3 steps", "one.yaml: valid: pipeline 'one', 1 step");
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
            String.valueOf(dev.skein.testkit.Ports.free()),
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

  @Test
  void schemaPrintsTheShippedSchema() throws Exception {
    Cli.Result r = Cli.run(dir, "schema");

    assertThat(r.exit()).as(r.toString()).isEqualTo(0);
    assertThat(r.out()).isEqualTo(PipelineSchema.text());
    assertThat(r.out())
        .isEqualTo(
            Files.readString(EXAMPLES.getParent().resolve("docs/skein-pipeline.schema.json")));
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
            "dev-server",
            "list",
            "setup",
            "retry",
            "budget",
            "schema",
            "approve",
            "reject",
            "resume-step");
  }
}
