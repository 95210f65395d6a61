package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.skein.model.Defaults;
import dev.skein.model.OnResultRule;
import dev.skein.model.Step;
import dev.skein.model.StepKind;
import dev.skein.model.StepOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads one entry of {@code steps:} into a {@link Step} carrying its effective options. */
final class StepReader {

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  static final List<String> STEP_KEYS =
      List.of(
          "id",
          "agent",
          "prompt",
          "with",
          "depends_on",
          "for_each",
          "join",
          "output_schema",
          "when",
          "on_error",
          "max_concurrency",
          "timeout",
          "heartbeat_timeout",
          "stall_timeout",
          "retry",
          "task_queue",
          "allow_failure",
          "on_result",
          "max_items",
          "budget",
          "on_budget");

  static final List<String> ON_RESULT_KEYS = List.of("when", "action");

  /** Keys that make a step an agent step; a join cannot have them. */
  static final List<String> AGENT_KEYS = List.of("prompt", "agent", "with");

  /** A step read from the document, with where it was. */
  record ParsedStep(Step step, String pointer, boolean hasValidId) {}

  private StepReader() {}

  static ParsedStep read(JsonNode node, String pointer, int index, Defaults defaults, Problems p) {
    String label = "steps[" + (index + 1) + "]";
    JsonNode idNode = node.get("id");
    String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
    boolean validId = id != null && ID.matcher(id).matches();
    String stepName = id != null ? id : label;
    Fields f = new Fields(node, pointer, "", stepName, p);
    if (id == null) {
      f.report(
          idNode == null ? null : "id",
          idNode == null
              ? "the step has no 'id'"
              : "'id' must be a string, not " + NodeText.typeOf(idNode));
    } else if (!validId) {
      f.report(
          "id",
          "malformed step id '"
              + id
              + "' (use lowercase letters, digits, '-' and '_', starting with a letter or digit)");
    }
    f.allowOnly(STEP_KEYS);

    StepKind kind = kind(f);
    boolean join = kind == StepKind.JOIN;
    List<String> joinList = join ? f.stringList("join", false).orElse(List.of()) : List.of();
    if (join && f.node("join").map(JsonNode::isArray).orElse(false) && joinList.isEmpty()) {
      f.report("join", "the join has no branches: 'join' must name at least one step");
    }
    Optional<String> prompt = f.string("prompt");
    Optional<String> agent = OptionsReader.nonBlank(f, "agent");
    JsonNode with = f.mapping("with").orElse(JsonNodeFactory.instance.objectNode());
    Optional<String> forEach = f.string("for_each");
    if (kind == StepKind.AGENT && prompt.isEmpty() && !f.has("agent") && !f.has("prompt")) {
      f.report(
          null,
          f.has("with")
              ? "the step has 'with' but no prompt or agent, so it does nothing: add 'agent:'"
                  + " naming the agent that reads it (for example agent: sleep) or a 'prompt:'"
              : "the step has no prompt, agent or join, so it does nothing");
    }

    StepOptions options =
        new StepOptions(
            OptionsReader.onError(f).orElse(defaults.onError()),
            f.duration("timeout").orElse(defaults.timeout()),
            f.duration("heartbeat_timeout").orElse(defaults.heartbeatTimeout()),
            f.duration("stall_timeout").orElse(defaults.stallTimeout()),
            OptionsReader.retry(f, defaults.retry()),
            OptionsReader.nonBlank(f, "task_queue").orElse(defaults.taskQueue()),
            f.integer(
                "max_concurrency", 1, OptionsReader.MAX_CONCURRENCY, OptionsReader.CONCURRENCY_WHY),
            OptionsReader.maxItems(f).orElse(defaults.maxItems()));

    Step step =
        new Step(
            stepName,
            kind,
            join ? Optional.empty() : Optional.of(agent.orElse(defaults.agent())),
            join ? Optional.empty() : prompt,
            with,
            f.stringList("depends_on", false).orElse(List.of()),
            joinList,
            join ? Optional.empty() : forEach,
            schema(f),
            when(f, "when"),
            options,
            f.bool("allow_failure").orElse(false),
            onResult(f));
    return new ParsedStep(step, pointer, validId);
  }

  private static StepKind kind(Fields f) {
    if (f.has("join")) {
      List<String> agentKeys = AGENT_KEYS.stream().filter(f::has).toList();
      if (!agentKeys.isEmpty()) {
        f.report(
            agentKeys.get(0),
            "the step is both a join and an agent step: a join merges its branches and has no "
                + String.join(", ", agentKeys));
      }
      if (f.has("for_each")) {
        f.report(
            "for_each",
            "for_each cannot be used on a join step: fan out in a branch and join that step");
      }
      return StepKind.JOIN;
    }
    return f.has("for_each") ? StepKind.FAN_OUT : StepKind.AGENT;
  }

  private static Optional<JsonNode> schema(Fields f) {
    return f.node("output_schema")
        .filter(
            v -> {
              if (!v.isObject() && !v.isBoolean()) {
                f.report(
                    "output_schema",
                    "output_schema is not a valid JSON Schema: it must be a mapping, not "
                        + NodeText.typeOf(v));
                return false;
              }
              return true;
            });
  }

  /** A condition; YAML booleans are read as {@code always} and {@code never}. */
  static Optional<String> when(Fields f, String key) {
    Optional<JsonNode> value = f.node(key);
    if (value.isPresent() && value.get().isBoolean()) {
      return Optional.of(value.get().asBoolean() ? "always" : "never");
    }
    return f.string(key);
  }

  private static List<OnResultRule> onResult(Fields f) {
    Optional<JsonNode> list = f.list("on_result");
    List<OnResultRule> rules = new ArrayList<>();
    if (list.isEmpty()) {
      return rules;
    }
    for (int i = 0; i < list.get().size(); i++) {
      JsonNode rule = list.get().get(i);
      String pointer = f.pointer("on_result") + "/" + i;
      if (!rule.isObject()) {
        f.problems()
            .add(
                pointer,
                f.step(),
                "on_result rule "
                    + (i + 1)
                    + " must be a mapping with when and action, not "
                    + NodeText.typeOf(rule));
        continue;
      }
      Fields r = new Fields(rule, pointer, "on_result[" + (i + 1) + "].", f.step(), f.problems());
      r.allowOnly(ON_RESULT_KEYS);
      Optional<String> when = when(r, "when");
      if (!r.has("when")) {
        r.report(null, "on_result rule " + (i + 1) + " needs 'when'");
      }
      Optional<String> action = r.choice("action", List.of("abort", "continue"));
      if (!r.has("action")) {
        r.report(null, "on_result rule " + (i + 1) + " needs 'action' (abort or continue)");
      }
      if (when.isPresent() && action.isPresent()) {
        rules.add(
            new OnResultRule(
                when.get(),
                action.get().equals("abort")
                    ? OnResultRule.Action.ABORT
                    : OnResultRule.Action.CONTINUE));
      }
    }
    return rules;
  }
}
