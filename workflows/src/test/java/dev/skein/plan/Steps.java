package dev.skein.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.skein.model.Defaults;
import dev.skein.model.Mode;
import dev.skein.model.OnResultRule;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.model.StepKind;
import dev.skein.model.StepOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds model records directly, so these tests do not depend on the parser. */
final class Steps {

  private Steps() {}

  static final StepOptions OPTIONS =
      new StepOptions(
          Defaults.standard().onError(),
          Defaults.standard().timeout(),
          Defaults.standard().heartbeatTimeout(),
          Defaults.standard().stallTimeout(),
          Defaults.standard().retry(),
          Defaults.standard().taskQueue(),
          Optional.empty(),
          Defaults.standard().maxItems());

  static Step agent(String id, String... dependsOn) {
    return full(id, "prompt of " + id, null, null, null, List.of(dependsOn), List.of());
  }

  static Step prompt(String id, String prompt) {
    return full(id, prompt, null, null, null, List.of(), List.of());
  }

  static Step join(String id, String... branches) {
    return new Step(
        id,
        StepKind.JOIN,
        Optional.empty(),
        Optional.empty(),
        JsonNodeFactory.instance.objectNode(),
        List.of(),
        List.of(branches),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OPTIONS,
        false,
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  static Step full(
      String id,
      String prompt,
      JsonNode with,
      String forEach,
      String when,
      List<String> dependsOn,
      List<OnResultRule> onResult) {
    return new Step(
        id,
        forEach == null ? StepKind.AGENT : StepKind.FAN_OUT,
        Optional.of("echo"),
        Optional.ofNullable(prompt),
        with == null ? JsonNodeFactory.instance.objectNode() : with,
        dependsOn,
        List.of(),
        Optional.ofNullable(forEach),
        Optional.empty(),
        Optional.ofNullable(when),
        OPTIONS,
        false,
        onResult,
        Optional.empty(),
        Optional.empty());
  }

  static Pipeline pipeline(Step... steps) {
    return new Pipeline(
        "test",
        Optional.empty(),
        Map.of(),
        Defaults.standard(),
        Optional.empty(),
        Mode.LEVELS,
        Map.of(),
        List.of(steps));
  }
}
