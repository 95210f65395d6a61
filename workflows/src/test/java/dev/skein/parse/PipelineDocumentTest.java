package dev.skein.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineDocumentTest {

  @TempDir Path dir;

  @Test
  void recordsTheLineOfEveryNode() throws Exception {
    PipelineDocument doc =
        PipelineDocument.parse(
            """
            name: demo
            steps:
              - id: plan
                prompt: hello
              - id: review
                depends_on: [plan]
            """,
            "demo.yaml");
    assertThat(doc.source()).contains("demo.yaml");
    assertThat(doc.tree().at("/steps/1/depends_on/0").asText()).isEqualTo("plan");
    assertThat(doc.lines())
        .containsEntry("/name", 1)
        .containsEntry("/steps", 2)
        .containsEntry("/steps/0", 3)
        .containsEntry("/steps/0/prompt", 4)
        .containsEntry("/steps/1/depends_on", 6);
    assertThat(doc.lineOf("/steps/1/depends_on/0/nothing")).contains(6);
  }

  @Test
  void readsJsonWithLines() throws Exception {
    PipelineDocument doc =
        PipelineDocument.parse("{\"name\": \"demo\",\n \"steps\": [\n {\"id\": \"a\"}]}", "d.json");
    assertThat(doc.tree().at("/steps/0/id").asText()).isEqualTo("a");
    assertThat(doc.lines()).containsEntry("/name", 1).containsEntry("/steps/0/id", 3);
  }

  @Test
  void expandsSmallAliases() throws Exception {
    PipelineDocument doc =
        PipelineDocument.parse(
            """
            name: demo
            defaults:
              retry: &careful {max_attempts: 5}
            steps:
              - id: a
                retry: *careful
            """,
            "a.yaml");
    assertThat(doc.tree().at("/steps/0/retry/max_attempts").asInt()).isEqualTo(5);
  }

  @Test
  void emptyDocument() {
    assertProblem("", "the document is empty");
    assertProblem("   \n# only a comment\n", "the document is empty");
  }

  @Test
  void syntaxErrorNamesTheLine() {
    assertProblem("name: demo\nsteps: [a, b\n", "syntax error");
    assertThatThrownBy(() -> PipelineDocument.parse("name: demo\nsteps:\n  - id: [\n", "x.yaml"))
        .hasMessageMatching("(?s)x\\.yaml:\\d+: syntax error.*");
    assertThatThrownBy(() -> PipelineDocument.parse("{\"name\": \"demo\",\n\n }", "x.json"))
        .hasMessageStartingWith("x.json:3: syntax error");
  }

  @Test
  void aYamlSyntaxErrorKeepsTheParsersExplanation() {
    // A step's key indented less than its '- id': the parser's context line alone ("while
    // parsing a block collection") says neither what is wrong nor where.
    assertThatThrownBy(
            () -> PipelineDocument.parse("name: demo\nsteps:\n  - id: a\n  prompt: x\n", "x.yaml"))
        .hasMessage(
            "x.yaml:4: syntax error at column 3: expected <block end>, but found a new key"
                + " (while parsing a block collection from line 3, column 3)");
    assertThatThrownBy(() -> PipelineDocument.parse("name: demo\nsteps: [a,\n  b: c\n", "x.yaml"))
        .hasMessageMatching(
            "x\\.yaml:\\d+: syntax error at column \\d+: expected .*"
                + "\\(while parsing a flow sequence from line 2, column 8\\)");
  }

  @Test
  void anInputWithNothingAfterTheColonHasNoDefault() throws Exception {
    PipelineDocument doc =
        PipelineDocument.parse(
            "name: demo\ninputs:\n  bare:\n  quoted: \"\"\n  single: ''\n  tilde: ~\n"
                + "steps:\n  - id: a\n    prompt:\n",
            "x.yaml");
    assertThat(doc.tree().at("/inputs/bare").isNull()).isTrue();
    assertThat(doc.tree().at("/inputs/tilde").isNull()).isTrue();
    assertThat(doc.tree().at("/inputs/quoted").textValue()).isEqualTo("");
    assertThat(doc.tree().at("/inputs/single").textValue()).isEqualTo("");
    // Elsewhere an empty value stays what it was: empty text.
    assertThat(doc.tree().at("/steps/0/prompt").textValue()).isEqualTo("");
  }

  @Test
  void topLevelMustBeAMapping() {
    assertProblem("- a\n- b\n", "the top level must be a mapping");
    assertProblem("just text\n", "the top level must be a mapping");
  }

  @Test
  void duplicateKeys() {
    assertProblem("name: a\nname: b\n", "x.yaml:2: duplicate key 'name'");
  }

  @Test
  void moreThanOneDocument() {
    assertProblem("name: a\n---\nname: b\n", "more than one document");
  }

  @Test
  void billionLaughsIsRefused() {
    StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(p);
      }
      bomb.append("]\n");
    }
    assertProblem(bomb.toString(), "aliases");
  }

  @Test
  void fewAliasesExpandingHugelyAreRefused() {
    StringBuilder bomb = new StringBuilder("a: &a [1,2,3,4,5,6,7,8,9,10]\n");
    for (char c = 'b'; c <= 'h'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p);
      bomb.append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
    }
    assertProblem(bomb.toString(), "aliases");
  }

  @Test
  void deepNestingIsRefused() {
    assertProblem("a: " + "[".repeat(10_000) + "]".repeat(10_000), "too deeply nested");
    assertProblem("{\"a\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}", "too deeply nested");
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      yaml.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    assertProblem(yaml.toString(), "too deeply nested");
  }

  @Test
  void binaryJunkIsRefused() throws Exception {
    assertProblem("name: demo\u0000\u0001\u0002", "not text");
    Path junk = dir.resolve("junk.yaml");
    Files.write(junk, new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0x00, 0x7F, 0x12});
    assertThatThrownBy(() -> PipelineDocument.read(junk))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("junk.yaml")
        .hasMessageContaining("not text");
  }

  @Test
  void hugeDocumentsAreRefused() throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "name: demo\ndescription: \"" + "x".repeat(4 * 1024 * 1024) + "\"\n");
    assertThatThrownBy(() -> PipelineDocument.read(big)).hasMessageContaining("too large");
    assertProblem("d: " + "x".repeat(4 * 1024 * 1024), "too large");
  }

  @Test
  void readsFiles() throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, "\uFEFFname: demo\nsteps: []\n");
    PipelineDocument doc = PipelineDocument.read(file);
    assertThat(doc.tree().get("name").asText()).isEqualTo("demo");
    assertThat(doc.source()).contains(file.toString());
    assertThatThrownBy(() -> PipelineDocument.read(dir.resolve("missing.yaml")))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("cannot read the file");
  }

  private static void assertProblem(String text, String fragment) {
    assertThatThrownBy(() -> PipelineDocument.parse(text, "x.yaml"))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining(fragment);
  }
}
