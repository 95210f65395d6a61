package dev.skein.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.run.HistoryJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON of an agent's configuration as it travels inside an {@link
 * dev.skein.contract.AgentRequest}: checked-in histories and workers of other versions read it, so
 * the factories and copies may change but not these bytes.
 */
class AgentConfigWireShapeTest {

  private static final UsageSpec USAGE = new UsageSpec(UsageSpec.CLAUDE, null);
  private static final Price PRICE = new Price(1.5, 2.5);

  // Members a few to a line for reading; the payload has no white space.
  private static final String COMMAND_JSON =
      """
      {"kind":"command","command":["run","{{ inputs.x }}"],"prompt_via":"stdin",
      "env":{"K":"v"},"pass_env":["HOME"],"workdir":"/w","rate_limit_pattern":"429",
      "grace_period_ms":10000,"max_output_bytes":4096,"usage":{"extractor":"claude"},
      "price":{"input_per_mtok":1.5,"output_per_mtok":2.5}}"""
          .replace("\n", "");

  private static final String OPENAI_JSON =
      """
      {"kind":"openai","base_url":"http://h","model":"m","api_key_env":"KEY","stream":true,
      "temperature":0.2,"max_tokens":64,"system_prompt":"Be brief.",
      "price":{"input_per_mtok":1.5,"output_per_mtok":2.5}}"""
          .replace("\n", "");

  static AgentConfig unaccounted() {
    return AgentConfig.command(
        List.of("run", "{{ inputs.x }}"),
        "stdin",
        Map.of("K", "v"),
        List.of("HOME"),
        "/w",
        "429",
        10_000L,
        4096L);
  }

  static AgentConfig command() {
    return unaccounted().withAccounting(USAGE, PRICE);
  }

  static AgentConfig openai() {
    return AgentConfig.openai("http://h", "m", "KEY", true, 0.2, 64, "Be brief.")
        .withAccounting(null, PRICE);
  }

  @Test
  void eachKindKeepsItsJsonAndReadsBack() {
    assertThat(HistoryJson.of(command())).isEqualTo(COMMAND_JSON);
    assertThat(HistoryJson.of(openai())).isEqualTo(OPENAI_JSON);
    assertThat(HistoryJson.of(AgentConfig.builtIn(AgentConfig.SLEEP)))
        .isEqualTo("{\"kind\":\"sleep\"}");
    assertThat(HistoryJson.readBack(command(), AgentConfig.class)).isEqualTo(command());
    assertThat(HistoryJson.readBack(openai(), AgentConfig.class)).isEqualTo(openai());
  }

  @Test
  void accountingChangesOnlyTheAccounting() {
    assertThat(command().withAccounting(null, null)).isEqualTo(unaccounted());
  }

  @Test
  void renderingChangesOnlyTheTemplatedFields() {
    AgentConfig rendered = command().rendered(List.of("run", "1"), Map.of("K", "w"), "/r");

    assertThat(rendered.command()).containsExactly("run", "1");
    assertThat(rendered.env()).isEqualTo(Map.of("K", "w"));
    assertThat(rendered.workdir()).isEqualTo("/r");
    // putting the three back gives the original: nothing else changed
    AgentConfig original = command();
    assertThat(rendered.rendered(original.command(), original.env(), original.workdir()))
        .isEqualTo(original);
  }
}
