package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.condition.Condition;
import dev.skein.model.AgentConfig;
import dev.skein.model.Step;
import dev.skein.model.StepKind;
import dev.skein.parse.StepReader.ParsedStep;
import dev.skein.run.StepStatus;
import dev.skein.template.TemplateRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks added after the first release ({@link Rules#strict()}): each refuses something that
 * release accepted and then ignored or failed on at run time.
 */
final class StrictChecks {

  /**
   * The {@code with:} keys the built-in agents that read {@code with} read. {@code echo} reads
   * nothing, so its {@code with} is free: a test worker that stands in for it reads its script
   * there.
   */
  static final Map<String, List<String>> BUILT_IN_WITH =
      Map.of(
          AgentConfig.SLEEP, List.of("duration"),
          AgentConfig.FAIL, List.of("times", "message", "retryable"));

  static final List<String> STATUSES =
      Arrays.stream(StepStatus.values()).map(StepStatus::wireName).toList();

  private StrictChecks() {}

  static void step(ParsedStep s, Map<String, AgentConfig> agents, Problems problems) {
    Step step = s.step();
    JsonNode node = problems.tree(s.pointer());
    if (step.kind() == StepKind.AGENT && node.has("on_error") && !step.pausesOnError()) {
      problems.add(
          s.pointer() + "/on_error",
          step.id(),
          "on_error has no effect on a single agent step unless it is pause: it decides what a"
              + " fan-out's or a join's failures do; remove it (the run's defaults.on_error decides"
              + " what a failure of this step does)");
    }
    step.outputSchema()
        .ifPresent(schema -> remoteRefs(schema, s.pointer() + "/output_schema", s, problems));
    withKeys(s, agents, problems);
  }

  private static void withKeys(ParsedStep s, Map<String, AgentConfig> agents, Problems problems) {
    Step step = s.step();
    if (step.agent().isEmpty() || step.with().isEmpty()) {
      return;
    }
    String name = step.agent().get();
    String kind =
        agents.containsKey(name)
            ? agents.get(name).kind()
            : AgentConfig.BUILT_INS.contains(name) ? name : null;
    List<String> known = kind == null ? null : BUILT_IN_WITH.get(kind);
    if (known == null) {
      return;
    }
    Iterator<String> keys = step.with().fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      if (!known.contains(key)) {
        problems.add(
            s.pointer() + "/with/" + key.replace("~", "~0").replace("/", "~1"),
            step.id(),
            "the "
                + kind
                + " agent does not read with."
                + key
                + " (it reads: "
                + String.join(", ", known)
                + ")");
      }
    }
  }

  /** A {@code $ref} that is not local would be fetched when the schema is compiled on a worker. */
  private static void remoteRefs(JsonNode schema, String pointer, ParsedStep s, Problems problems) {
    List<String> found = new ArrayList<>();
    collectRefs(schema, found);
    for (String ref : found) {
      problems.add(
          pointer,
          s.step().id(),
          "output_schema may only use local references ($ref: '#/…'); '"
              + ref
              + "' would be fetched when the schema is used: copy that schema into $defs");
    }
  }

  private static void collectRefs(JsonNode node, List<String> found) {
    if (node.isObject()) {
      for (String key : List.of("$ref", "$dynamicRef")) {
        JsonNode ref = node.get(key);
        if (ref != null && ref.isTextual() && !ref.textValue().startsWith("#")) {
          found.add(ref.textValue());
        }
      }
      node.elements().forEachRemaining(child -> collectRefs(child, found));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectRefs(child, found));
    }
  }

  /** Why a {@code steps.X.output.path} cannot exist in X's output, if X's schema says so. */
  static Optional<String> outputPath(Step target, TemplateRef ref) {
    List<String> path = ref.path();
    if (path.size() < 3
        || !path.get(1).equals("output")
        || target.kind() != StepKind.AGENT
        || target.outputSchema().isEmpty()) {
      return Optional.empty();
    }
    return SchemaPaths.impossible(target.outputSchema().get(), path.subList(2, path.size()))
        .map(why -> why + ", under step '" + target.id() + "''s output_schema");
  }

  /** A status compared with a string that is not a status can never match. */
  static Optional<String> statusLiterals(Condition condition) {
    for (Condition.StatusTest t : condition.statusTests()) {
      if (!STATUSES.contains(t.literal())) {
        return Optional.of(
            "'"
                + t.literal()
                + "' is not a status: "
                + t.text()
                + " is one of "
                + String.join(", ", STATUSES));
      }
    }
    return Optional.empty();
  }
}
