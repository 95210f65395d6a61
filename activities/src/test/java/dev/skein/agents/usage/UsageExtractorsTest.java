package dev.skein.agents.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.model.Price;
import dev.skein.model.UsageSpec;
import dev.skein.run.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each extractor against the output shapes its tool prints (fixtures under {@code usage/}). */
class UsageExtractorsTest {

  private static Extraction extract(String extractor, String fixture) throws IOException {
    return UsageExtractors.of(new UsageSpec(extractor, null)).extract(read(fixture));
  }

  private static String read(String fixture) throws IOException {
    try (InputStream in = UsageExtractorsTest.class.getResourceAsStream("/usage/" + fixture)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void claudeJsonResultGivesCostTokensAndTheAnswer() throws IOException {
    Extraction e = extract(UsageSpec.CLAUDE, "claude-result.json");

    // input counts the cache writes and reads, as OpenAI-style input does
    assertThat(e.usage()).contains(new Usage(4 + 5210 + 13456, 112, 13456, 0.0318325));
    assertThat(e.text()).contains("The function returns the sum of its arguments.");
  }

  @Test
  void claudeStreamJsonReadsItsLastLine() throws IOException {
    Extraction e = extract(UsageSpec.CLAUDE, "claude-stream.jsonl");

    assertThat(e.usage()).contains(new Usage(2010, 300, 2000, 0.0121));
    assertThat(e.text()).contains("Done: two tests added.");
  }

  @Test
  void codexTurnsAreSummedAndTheLastAgentMessageIsTheAnswer() throws IOException {
    Extraction e = extract(UsageSpec.CODEX, "codex-exec.jsonl");

    assertThat(e.usage()).contains(new Usage(24763, 122, 24448, null));
    assertThat(e.text()).contains("The repository has a README and a src folder.");
  }

  @Test
  void olderCodexTokenCountsAreRunningTotals() throws IOException {
    Extraction e = extract(UsageSpec.CODEX, "codex-legacy.jsonl");

    assertThat(e.usage()).contains(new Usage(2500, 90 + 30, 2100, null));
    assertThat(e.text()).contains("Final answer.");
  }

  @Test
  void geminiSumsItsModels() throws IOException {
    Extraction e = extract(UsageSpec.GEMINI, "gemini.json");

    assertThat(e.usage()).contains(new Usage(9920, 210 + 700 + 20 + 10, 4000, null));
    assertThat(e.text()).contains("Three files import the logger.");
  }

  @Test
  void jsonPathsNameEachFigureAndLeaveTheOutputAlone() {
    UsageExtractor json =
        UsageExtractors.of(
            new UsageSpec(
                UsageSpec.JSON,
                Map.of(
                    "input_tokens", "stats.in",
                    "output_tokens", "stats.out",
                    "cost_usd", "bill.0.usd")));
    Extraction e =
        json.extract("progress...\n{\"stats\":{\"in\":70,\"out\":7},\"bill\":[{\"usd\":0.5}]}\n");

    assertThat(e.usage()).contains(new Usage(70, 7, 0, 0.5));
    assertThat(e.text()).isEmpty();
  }

  @Test
  void outputOfAnotherShapeReportsNothing() {
    for (String extractor : UsageSpec.EXTRACTORS) {
      if (!extractor.equals(UsageSpec.JSON)) {
        Extraction e = UsageExtractors.of(new UsageSpec(extractor, null)).extract("plain text\n");
        assertThat(e.usage()).as(extractor).isEmpty();
        assertThat(e.text()).as(extractor).isEmpty();
      }
    }
  }

  @Test
  void aPriceCostsTokensOnlyWhereTheToolReportedNoCost() {
    Price price = new Price(3, 15);

    assertThat(UsageExtractors.priced(new Usage(1_000_000, 200_000, 0, null), price).costUsd())
        .isEqualTo(3 + 3.0);
    assertThat(UsageExtractors.priced(new Usage(1_000_000, 0, 0, 0.25), price).costUsd())
        .isEqualTo(0.25);
  }
}
