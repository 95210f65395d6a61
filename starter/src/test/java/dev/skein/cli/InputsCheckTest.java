package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} and {@code start} check inputs before anything starts: exit 2, the workflow's
 * sentence, no service contacted (the address given answers nothing, which would be exit 3) and no
 * embedded service started.
 */
class InputsCheckTest {

  @TempDir static Path dir;

  @BeforeAll
  static void files() throws Exception {
    Files.writeString(
        dir.resolve("p.yaml"),
        """
        name: p
        inputs:
          topic:
          files: [a, b]
          version: "1.0"
        steps:
          - id: each
            for_each: "{{ inputs.files }}"
            prompt: "{{ item }} {{ inputs.topic }} {{ inputs.version }}"
        """);
  }

  private static Cli.Result skein(String... args) {
    Cli.Result r = Cli.run(dir, args);
    FailureMessagesTest.assertClean(r);
    return r;
  }

  @Test
  void anUndeclaredInputIsRefusedBeforeTheEmbeddedServiceStarts() {
    Cli.Result r = skein("run", "p.yaml", "-i", "topic=x", "-i", "whoo=bob");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("input 'whoo' is not declared by the pipeline (declared: topic, files, version)")
        .doesNotContain("Running")
        .doesNotContain("embedded");
  }

  @Test
  void aMissingRequiredInputAndATypeMismatchAreRefusedBeforeTheServiceIsContacted() {
    Cli.Result r = skein("start", "--address", "127.0.0.1:1", "p.yaml", "-i", "files=a,b");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "input 'files' must be an array like its default [\"a\",\"b\"], got string",
            "input 'topic' is required (declared without a default) but was not given");
  }

  @Test
  void aForEachOverAnInputThatIsNotAListIsRefusedBeforeTheServiceIsContacted() throws Exception {
    Files.writeString(
        dir.resolve("untyped.yaml"),
        "name: u\ninputs: {files: ~}\nsteps:\n  - id: each\n    for_each: \"{{ inputs.files }}\"\n"
            + "    prompt: \"{{ item }}\"\n");
    Cli.Result r = skein("start", "--address", "127.0.0.1:1", "untyped.yaml", "-i", "files=a");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("step 'each': for_each must render to a JSON array, got string");
  }

  @Test
  void aValueGivenForATextInputStaysText() {
    // 1.10 would be the number 1.1 as JSON; the default says text.
    assertThat(Inputs.of(null, List.of("version=1.10", "n=1.10"), Set.of("version")))
        .containsEntry("version", TextNode.valueOf("1.10"))
        .extractingByKey("n")
        .matches(n -> n.isNumber());
  }
}
