package dev.skein.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.parse.PipelineParser;
import org.junit.jupiter.api.Test;

class SizeWarningsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static java.util.List<String> warnings(String yaml) throws Exception {
    return SizeWarnings.of(PipelineParser.parse(YAML.readTree(yaml)));
  }

  @Test
  void aMaxOutputOverThePayloadLimitIsNamed() throws Exception {
    assertThat(
            warnings(
                """
                name: big
                agents:
                  huge: {kind: command, command: [cat], max_output: 16MB}
                  fine: {kind: command, command: [cat], max_output: 1MB}
                steps:
                  - {id: a, agent: huge, prompt: x}
                  - {id: b, agent: fine, prompt: x}
                """))
        .singleElement()
        .asString()
        .startsWith("step 'a': max_output is 16000000 bytes")
        .contains("2 MB")
        .contains("--storage none");
  }

  @Test
  void aForEachOverADefaultListLargerThanMaxItemsIsNamed() throws Exception {
    assertThat(
            warnings(
                """
                name: wide
                inputs: {files: [a, b, c, d]}
                steps:
                  - {id: fan, for_each: "{{ inputs.files }}", prompt: x, max_items: 3}
                  - {id: ok, for_each: "{{ inputs.files }}", prompt: x}
                """))
        .singleElement()
        .asString()
        .startsWith("step 'fan': for_each reads input 'files', whose default has 4 items")
        .contains("FanOutTooLarge");
  }

  @Test
  void anOrdinaryPipelineHasNone() throws Exception {
    assertThat(warnings("name: hello\nsteps:\n  - {id: a, prompt: hi}\n")).isEmpty();
  }
}
