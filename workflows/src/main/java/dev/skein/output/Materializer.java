package dev.skein.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.run.ErrorInfo;
import dev.skein.run.OutputRef;
import dev.skein.template.JsonValues;
import dev.skein.template.StepOutput;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Puts an {@link OutputValue} together as templates read it: a fan-out is the JSON array of its
 * tasks' outputs (failed and cancelled tasks as error envelopes), a text join is {@code [id]:}
 * blocks separated by blank lines, a structured join an object keyed by branch id. Stored parts are
 * read through the {@code fetch} function: the workflow gives one that answers from outputs it has
 * loaded, a worker or client one that reads the store. Pure apart from {@code fetch}.
 */
public final class Materializer {

  // Configured once and never changed: safe to share in workflow code. Lenient, as fan-out
  // elements were always read.
  private static final ObjectMapper LENIENT = new ObjectMapper();

  private final Function<OutputRef, String> fetch;

  public Materializer(Function<OutputRef, String> fetch) {
    this.fetch = fetch;
  }

  /** A materializer for values that have no stored parts; reading one is an error. */
  public static Materializer local() {
    return new Materializer(
        ref -> {
          throw new IllegalStateException("output " + ref.describe() + " is not loaded");
        });
  }

  /** A view that builds text and JSON on first use and keeps them. */
  public StepOutput view(OutputValue value) {
    return new View(value);
  }

  public String text(OutputValue value) {
    if (value.text() != null) {
      return value.text();
    }
    if (value.ref() != null) {
      return fetch.apply(value.ref());
    }
    if (value.join() != null && !value.join().structured()) {
      return value.join().branches().stream()
          .map(b -> "[" + b.id() + "]:\n" + text(b.value()))
          .collect(Collectors.joining("\n\n"));
    }
    return element(value).toString();
  }

  /** The value as a JSON element of an array or join: parsed leniently, else its text. */
  public JsonNode element(OutputValue value) {
    if (value.error() != null) {
      return envelope(value.error());
    }
    if (value.items() != null) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode(value.items().size());
      value.items().forEach(i -> array.add(element(i)));
      return array;
    }
    if (value.join() != null) {
      if (!value.join().structured()) {
        return parseOrText(text(value));
      }
      ObjectNode merged = JsonNodeFactory.instance.objectNode();
      value.join().branches().forEach(b -> merged.set(b.id(), element(b.value())));
      return merged;
    }
    return parseOrText(text(value));
  }

  /** {@code {"error": {"type": …, "message": …}}}: what a failed branch or task contributes. */
  public static ObjectNode envelope(ErrorInfo error) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.putObject("error").put("type", error.type()).put("message", error.message());
    return envelope;
  }

  /** The output as JSON when it parses as JSON, else as a JSON string. */
  public static JsonNode parseOrText(String output) {
    if (output == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      JsonNode parsed = LENIENT.readTree(output);
      return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(output) : parsed;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(output);
    }
  }

  private final class View implements StepOutput {
    private final OutputValue value;
    private String text;
    private Optional<JsonNode> json;

    View(OutputValue value) {
      this.value = value;
    }

    @Override
    public String text() {
      if (text == null) {
        text = Materializer.this.text(value);
      }
      return text;
    }

    @Override
    public Optional<JsonNode> json() {
      if (json == null) {
        boolean built =
            value.error() != null
                || value.items() != null
                || (value.join() != null && value.join().structured());
        json = built ? Optional.of(element(value)) : JsonValues.parse(text());
      }
      return json;
    }
  }
}
