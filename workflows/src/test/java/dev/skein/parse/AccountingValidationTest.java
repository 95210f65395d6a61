package dev.skein.parse;

import static dev.skein.parse.ValidationTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.model.AgentConfig;
import dev.skein.model.Pipeline;
import dev.skein.model.Price;
import dev.skein.model.UsageSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code usage} and {@code price} on agents: what is accepted, and the sentence for what is not.
 */
class AccountingValidationTest {

  private static String agent(String body) {
    return "name: p\nagents:\n  a: " + body + "\nsteps:\n  - {id: s, agent: a, prompt: x}\n";
  }

  private static AgentConfig parsed(String body) throws InvalidPipelineException {
    Pipeline p = PipelineParser.parse(PipelineDocument.parse(agent(body), "test.yaml"));
    return p.agents().get("a");
  }

  @Test
  void namedExtractorsAndPricesAreRead() throws InvalidPipelineException {
    AgentConfig claude = parsed("{kind: command, command: [claude, -p], usage: claude}");
    assertThat(claude.usage()).isEqualTo(new UsageSpec(UsageSpec.CLAUDE, null));

    AgentConfig json =
        parsed(
            "{kind: command, command: [tool], usage: {extractor: json, input_tokens: u.in},"
                + " price: {input_per_mtok: 3, output_per_mtok: 15}}");
    assertThat(json.usage())
        .isEqualTo(new UsageSpec(UsageSpec.JSON, Map.of("input_tokens", "u.in")));
    assertThat(json.price()).isEqualTo(new Price(3, 15));

    AgentConfig openai =
        parsed("{kind: openai, base_url: 'http://x', model: m, price: {output_per_mtok: 1}}");
    assertThat(openai.price()).isEqualTo(new Price(0, 1));
  }

  @Test
  void anUnknownExtractorNamesTheKnownOnes() {
    assertThat(problems(agent("{kind: command, command: [x], usage: claud}")))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "'agents.a.usage' must be one of claude, codex, gemini, json, none, not 'claud'"));
  }

  @Test
  void jsonNeedsThePathsOfItsFigures() {
    assertThat(problems(agent("{kind: command, command: [x], usage: json}")))
        .anySatisfy(p -> assertThat(p).contains("usage 'json' needs the paths of its figures"));
    assertThat(problems(agent("{kind: command, command: [x], usage: {extractor: json}}")))
        .anySatisfy(p -> assertThat(p).contains("needs the path of at least one of input_tokens"));
    assertThat(
            problems(
                agent("{kind: command, command: [x], usage: {extractor: claude, cost_usd: c}}")))
        .anySatisfy(p -> assertThat(p).contains("paths of figures belong to 'extractor: json'"));
    assertThat(
            problems(agent("{kind: command, command: [x], usage: {extractor: json, tokens: t}}")))
        .anySatisfy(p -> assertThat(p).contains("unknown key 'tokens' in 'agents.a.usage'"));
  }

  @Test
  void aPriceWithNoTokensToPriceIsRefused() {
    assertThat(problems(agent("{kind: command, command: [x], price: {input_per_mtok: 1}}")))
        .anySatisfy(
            p -> assertThat(p).contains("'price' turns tokens into cost, but this agent reports"));
    assertThat(
            problems(
                agent("{kind: command, command: [x], usage: none, price: {input_per_mtok: 1}}")))
        .anySatisfy(p -> assertThat(p).contains("this agent reports no tokens"));
  }

  @Test
  void aPriceMustBeANonNegativeNumber() {
    assertThat(
            problems(
                agent("{kind: command, command: [x], usage: claude, price: {input_per_mtok: -1}}")))
        .anySatisfy(
            p -> assertThat(p).contains("'agents.a.price.input_per_mtok' must not be negative"));
    assertThat(problems(agent("{kind: command, command: [x], usage: claude, price: {}}")))
        .anySatisfy(p -> assertThat(p).contains("'price' needs input_per_mtok or output_per_mtok"));
    assertThat(problems(agent("{kind: echo, usage: claude}")))
        .anySatisfy(p -> assertThat(p).contains("unknown key 'usage'"));
  }
}
