package dev.skein.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A step's output as templates and conditions read it. Implementations put it together (and read
 * stored parts) only when asked, and remember what they built, so a thousand prompts that read one
 * large output parse it once.
 */
public interface StepOutput {

  /** The whole output as text: what {@code {{ steps.x.output }}} renders. */
  String text();

  /** The output as JSON; empty when its text is not JSON. */
  Optional<JsonNode> json();

  /** An output given as text, parsed on first use. */
  static StepOutput of(String text) {
    return new TextOutput(text);
  }

  /** Text parsed lazily, once. */
  final class TextOutput implements StepOutput {
    private final String text;
    private Optional<JsonNode> json;

    TextOutput(String text) {
      this.text = text;
    }

    @Override
    public String text() {
      return text;
    }

    @Override
    public Optional<JsonNode> json() {
      if (json == null) {
        json = JsonValues.parse(text);
      }
      return json;
    }
  }
}
