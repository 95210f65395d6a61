package dev.skein.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.run.ErrorInfo;
import dev.skein.run.StepStatus;
import java.util.List;

/** How outputs combine: error envelopes, fan-out arrays, text read as JSON. Pure. */
final class Outputs {

  // Configured once and never changed: safe to share in workflow code.
  private static final ObjectMapper JSON = new ObjectMapper();

  private Outputs() {}

  /** {@code {"error": {"type": …, "message": …}}}: what a failed branch or task contributes. */
  static ObjectNode envelope(ErrorInfo error) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.putObject("error").put("type", error.type()).put("message", error.message());
    return envelope;
  }

  /** The output as JSON when it parses as JSON, else as a JSON string. */
  static JsonNode parseOrText(String output) {
    if (output == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      JsonNode parsed = JSON.readTree(output);
      return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(output) : parsed;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(output);
    }
  }

  /** A fan-out step's output: its tasks' outputs in input order, failures as envelopes. */
  static String fanOutArray(List<TaskState> tasks) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (TaskState task : tasks) {
      if (task.status == StepStatus.SUCCEEDED) {
        array.add(parseOrText(task.output));
      } else if (task.error != null) {
        array.add(envelope(task.error));
      } else {
        array.add(
            envelope(
                new ErrorInfo("Cancelled", "task " + task.index + " was " + task.status, false)));
      }
    }
    return array.toString();
  }
}
