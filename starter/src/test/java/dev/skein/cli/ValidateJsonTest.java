package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skein validate --json}: every problem and warning as a record an editor can place. */
class ValidateJsonTest {

  @TempDir Path dir;

  @Test
  void problemsAndWarningsAreRecords() throws Exception {
    Files.writeString(
        dir.resolve("bad.yaml"),
        "name: bad\nsteps:\n  - {id: a, agent: sleep, with: {duraton: 2s}}\n");
    Files.writeString(
        dir.resolve("warn.yaml"),
        "name: warn\nsteps:\n  - {id: a, prompt: x}\n"
            + "  - {id: b, prompt: y, when: \"steps.a.status == 'skipped'\"}\n");

    Cli.Result r = Cli.run(dir, "validate", "--json", "bad.yaml", "warn.yaml");

    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    JsonNode records = new ObjectMapper().readTree(r.out());
    assertThat(records.size()).as(r.out()).isEqualTo(2);
    JsonNode error = records.get(0);
    assertThat(error.get("file").asText()).isEqualTo("bad.yaml");
    assertThat(error.get("line").asInt()).isEqualTo(3);
    assertThat(error.get("step").asText()).isEqualTo("a");
    assertThat(error.get("severity").asText()).isEqualTo("error");
    assertThat(error.get("message").asText()).contains("with.duraton");
    JsonNode warning = records.get(1);
    assertThat(warning.get("file").asText()).isEqualTo("warn.yaml");
    assertThat(warning.get("line").asInt()).isEqualTo(4);
    assertThat(warning.get("step").asText()).isEqualTo("b");
    assertThat(warning.get("severity").asText()).isEqualTo("warning");
    assertThat(warning.get("message").asText()).contains("can never be true");
  }
}
