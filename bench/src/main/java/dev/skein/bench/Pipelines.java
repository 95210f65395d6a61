package dev.skein.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The pipeline documents of the scenarios, built as JSON trees: the workflow input carries the
 * document as JSON, exactly as {@code temporal workflow start --input-file} would.
 */
final class Pipelines {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Pipelines() {}

  /** {@code steps} echo steps, each depending on the previous one. */
  static ObjectNode chain(int steps) {
    ObjectNode doc = document("bench-chain", 1, "levels");
    ArrayNode list = doc.putArray("steps");
    for (int i = 0; i < steps; i++) {
      ObjectNode step = list.addObject().put("id", stepId(i)).put("prompt", "x");
      if (i > 0) {
        step.putArray("depends_on").add(stepId(i - 1));
      }
    }
    return doc;
  }

  /** {@code steps} independent echo steps: one level, {@code cap} in flight. */
  static ObjectNode wideLevel(int steps, int cap) {
    ObjectNode doc = document("bench-wide", cap, "levels");
    ArrayNode list = doc.putArray("steps");
    for (int i = 0; i < steps; i++) {
      list.addObject().put("id", stepId(i)).put("prompt", "x");
    }
    return doc;
  }

  /** One fan-out step of {@code tasks} echo tasks, {@code cap} in flight. */
  static ObjectNode fanOut(int tasks, int cap) {
    ObjectNode doc = document("bench-fan-out", cap, "levels");
    ArrayNode items = doc.putObject("inputs").putArray("items");
    for (int i = 0; i < tasks; i++) {
      items.add(i);
    }
    doc.putArray("steps")
        .addObject()
        .put("id", FAN_OUT_STEP)
        .put("for_each", "{{ inputs.items }}")
        .put("max_concurrency", cap)
        .put("prompt", "x {{ index }}");
    return doc;
  }

  static final String FAN_OUT_STEP = "fan";
  static final String JOIN_STEP = "all";
  static final String BIG_STEP = "big";

  /**
   * A fan-out of {@code items} tasks of a command agent printing {@code bytes} bytes of {@code x}
   * each, {@code cap} in flight, and a join of all their outputs after it.
   */
  static ObjectNode outputs(int items, int bytes, int cap) {
    ObjectNode doc = document("bench-outputs", cap, "levels");
    doc.putObject("agents").set("print", printer(bytes, 'x', Optional.empty()));
    ArrayNode list = doc.putObject("inputs").putArray("items");
    for (int i = 0; i < items; i++) {
      list.add(i);
    }
    ArrayNode steps = doc.putArray("steps");
    steps
        .addObject()
        .put("id", FAN_OUT_STEP)
        .put("for_each", "{{ inputs.items }}")
        .put("agent", "print")
        .put("prompt", "x");
    steps.addObject().put("id", JOIN_STEP).putArray("join").add(FAN_OUT_STEP);
    return doc;
  }

  /** One step whose command agent prints {@code bytes} bytes of {@code a}. */
  static ObjectNode bigOutput(int bytes) {
    ObjectNode doc = document("bench-big-output", 1, "levels");
    doc.putObject("agents").set("print", printer(bytes, 'a', Optional.of("16MB")));
    doc.putArray("steps").addObject().put("id", BIG_STEP).put("agent", "print").put("prompt", "x");
    return doc;
  }

  private static ObjectNode printer(int bytes, char fill, Optional<String> maxOutput) {
    ObjectNode agent = JSON.objectNode().put("kind", "command");
    agent
        .putArray("command")
        .add("sh")
        .add("-c")
        .add("head -c " + bytes + " /dev/zero | tr \"\\0\" " + fill);
    maxOutput.ifPresent(m -> agent.put("max_output", m));
    return agent;
  }

  /** One level of sleep steps named {@code sleep0, sleep1, ...}, all in flight at once. */
  static ObjectNode sleeps(List<Long> durationsMs) {
    ObjectNode doc = document("bench-visibility", durationsMs.size(), "levels");
    ArrayNode list = doc.putArray("steps");
    for (int i = 0; i < durationsMs.size(); i++) {
      sleepStep(list, "sleep" + i, durationsMs.get(i));
    }
    return doc;
  }

  /**
   * Two branches, {@code a1 (long) -> a2 (short)} and {@code b1 (short) -> b2 (long)}: levels take
   * {@code 2 * long}, the critical path is {@code long + short}.
   */
  static ObjectNode unbalanced(String mode, long longMs, long shortMs) {
    ObjectNode doc = document("bench-unbalanced", 4, mode);
    ArrayNode list = doc.putArray("steps");
    sleepStep(list, "a1", longMs);
    sleepStep(list, "a2", shortMs).putArray("depends_on").add("a1");
    sleepStep(list, "b1", shortMs);
    sleepStep(list, "b2", longMs).putArray("depends_on").add("b1");
    return doc;
  }

  static String stepId(int index) {
    return String.format("s%04d", index);
  }

  private static ObjectNode sleepStep(ArrayNode list, String id, long durationMs) {
    ObjectNode step = list.addObject().put("id", id).put("agent", "sleep");
    step.putObject("with").put("duration", durationMs + "ms");
    return step;
  }

  private static ObjectNode document(String name, int maxConcurrency, String mode) {
    ObjectNode doc = JSON.objectNode().put("name", name).put("mode", mode);
    doc.putObject("defaults").put("agent", "echo").put("max_concurrency", maxConcurrency);
    return doc;
  }
}
