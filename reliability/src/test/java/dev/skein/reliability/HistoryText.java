package dev.skein.reliability;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Everything a workflow history says, as text: its JSON form plus every byte field decoded as
 * UTF-8. Payloads are base64 in the JSON form, so a search of the JSON alone would miss a secret
 * inside an activity's input or result.
 */
final class HistoryText {

  private HistoryText() {}

  static String of(WorkflowExecutionHistory history) {
    StringBuilder text = new StringBuilder(history.toJson(true));
    collect(history.getHistory(), text);
    return text.toString();
  }

  private static void collect(Message message, StringBuilder text) {
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      Object value = field.getValue();
      if (value instanceof List<?> list) {
        list.forEach(v -> collectValue(v, text));
      } else {
        collectValue(value, text);
      }
    }
  }

  private static void collectValue(Object value, StringBuilder text) {
    if (value instanceof Message m) {
      collect(m, text);
    } else if (value instanceof ByteString bytes) {
      text.append('\n').append(bytes.toString(StandardCharsets.UTF_8));
    } else if (value instanceof Map.Entry<?, ?> entry) {
      collectValue(entry.getKey(), text);
      collectValue(entry.getValue(), text);
    } else {
      text.append('\n').append(value);
    }
  }
}
