package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.Cli;
import dev.skein.testing.SharedService;
import dev.skein.testkit.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every command in every failure this test can provoke on a service (a run that does not exist, a
 * run no worker serves, a run that has ended, an address where nothing answers): one sentence, the
 * documented exit code, and never a Java class name or a stack trace. Hints carry the connection
 * flags, so they work when pasted.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Tier.class)
class FailureMessagesTest {

  /** A qualified Java name (io.temporal.client.X), a stack frame, or an exception's name. */
  static final Pattern JAVA =
      Pattern.compile(
          "(?:\\b[a-z_][a-z0-9_]*\\.){2,}[A-Z]\\w*|\\bat [\\w.$]+\\(|\\w+(Exception|Error)\\b"
              + "|Caused by");

  @TempDir static Path dir;

  @Parameter Tier tier;

  @BeforeAll
  static void files() throws Exception {
    Files.writeString(
        dir.resolve("ok.yaml"),
        """
        name: ok
        inputs: {who: nobody}
        steps:
          - id: hello
            prompt: "hello {{ inputs.who }}"
        """);
  }

  static void assertClean(Cli.Result r) {
    assertThat(JAVA.matcher(r.out() + r.err()).find())
        .as("Java names or stack traces in:\n" + r)
        .isFalse();
  }

  private String address() {
    return SharedService.get(tier).address();
  }

  private Cli.Result skein(String... args) {
    Cli.Result r = Cli.run(dir, args);
    assertClean(r);
    return r;
  }

  @Test
  void aRunThatDoesNotExistIsOneSentenceAndExitTwoForEveryCommand() {
    String id = "never-" + tier.name().toLowerCase();
    for (String command : List.of("status", "result", "watch", "cancel", "timeline")) {
      Cli.Result r = skein(command, "--address", address(), id);
      assertThat(r.exit()).as(command + "\n" + r).isEqualTo(2);
      assertThat(r.err()).as(command).contains("No run with workflow id '" + id + "'");
    }
    Cli.Result graph = skein("graph", "--address", address(), "--run", id);
    assertThat(graph.exit()).as(graph.toString()).isEqualTo(2);
  }

  @Test
  void nothingAnsweringAtTheAddressIsExitThreeForEveryCommand() {
    for (List<String> args :
        List.of(
            List.of("run", "ok.yaml"),
            List.of("start", "ok.yaml"),
            List.of("status", "x"),
            List.of("result", "x"),
            List.of("watch", "x"),
            List.of("cancel", "x"),
            List.of("timeline", "x"),
            List.of("list"),
            List.of("graph", "--run", "x"))) {
      List<String> all = new ArrayList<>(args);
      all.addAll(List.of("--address", "127.0.0.1:1"));
      Cli.Result r = skein(all.toArray(String[]::new));
      assertThat(r.exit()).as(all + "\n" + r).isEqualTo(3);
      assertThat(r.err()).as(all.toString()).contains("127.0.0.1:1");
    }
  }

  @Test
  void aRunNoWorkerServesIsSaidSoWithAHintThatCarriesTheAddress() throws Exception {
    String queue = "nobody-" + tier.name().toLowerCase();
    String id = "unserved-" + tier.name().toLowerCase();
    Cli.Result start = skein("start", "--address", address(), "-q", queue, "--id", id, "ok.yaml");
    assertThat(start.exit()).as(start.toString()).isEqualTo(0);
    assertThat(start.err())
        .contains("Follow it with: skein watch --address " + address() + " " + id);

    for (String command : List.of("status", "timeline")) {
      Cli.Result r = skein(command, "--address", address(), id);
      assertThat(r.exit()).as(command + "\n" + r).isEqualTo(3);
      assertThat(r.err())
          .as(command)
          .contains("No worker answered for run " + id)
          .contains("skein worker --address " + address() + " --task-queue " + queue);
    }

    // watch says what it waits for, and keeps waiting.
    Path out = Files.createTempFile(dir, "watch", ".out");
    Path err = Files.createTempFile(dir, "watch", ".err");
    Process watch = Cli.start(dir, out, err, Map.of(), "watch", "--address", address(), id);
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (!Files.readString(err).contains("Waiting for a worker")
          && System.currentTimeMillis() < deadline
          && watch.isAlive()) {
        Thread.sleep(200);
      }
      assertThat(watch.isAlive()).as(Files.readString(err)).isTrue();
      assertThat(Files.readString(err))
          .contains("Waiting for a worker")
          .contains("task queue '" + queue + "'");
      assertClean(new Cli.Result(0, Files.readString(out), Files.readString(err)));
    } finally {
      watch.destroyForcibly().waitFor();
    }

    Cli.Result cancel = skein("cancel", "--address", address(), id);
    assertThat(cancel.exit()).as(cancel.toString()).isEqualTo(0);
    assertThat(cancel.err()).contains("skein result --address " + address() + " " + id);
  }

  @Test
  void cancellingARunThatHasEndedSaysSo() {
    String id = "ended-" + tier.name().toLowerCase();
    Cli.Result start = skein("start", "--address", address(), "--id", id, "ok.yaml");
    assertThat(start.exit()).as(start.toString()).isEqualTo(0);
    Cli.Result result = skein("result", "--address", address(), id);
    assertThat(result.exit()).as(result.toString()).isEqualTo(0);

    Cli.Result cancel = skein("cancel", "--address", address(), id);

    assertThat(cancel.exit()).as(cancel.toString()).isEqualTo(0);
    assertThat(cancel.err()).contains("has already ended").doesNotContain("Cancellation requested");

    // graph --run reads the pipeline from the run, and refuses a FILE that may not be it.
    Cli.Result graph = skein("graph", "--address", address(), "--run", id);
    assertThat(graph.exit()).as(graph.toString()).isEqualTo(0);
    assertThat(graph.out()).contains("hello").contains("[succeeded]");
    Cli.Result both = skein("graph", "--address", address(), "--run", id, "other.yaml");
    assertThat(both.exit()).as(both.toString()).isEqualTo(2);
    assertThat(both.out()).isEmpty();
    assertThat(both.err()).contains("graph takes a FILE or --run ID, not both");
  }

  @Test
  void aMissingFileIsExitTwo() {
    Cli.Result r = skein("start", "--address", address(), "nothere.yaml");
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("nothere.yaml");
  }
}
