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

  /** Keys only engine version 4 (HUMAN) reads: see {@link Rules#human()}. */
  static final List<String> HUMAN_STEP_KEYS = List.of("approval", "pause_timeout");

  /** What an approval step may have besides its {@code approval} block. */
  static final List<String> APPROVAL_STEP_KEYS =
      List.of("id", "approval", "depends_on", "when", "allow_failure", "on_result");

  static final List<String> APPROVAL_KEYS = List.of("prompt", "timeout", "on_timeout", "on_reject");

  static final List<String> ON_RESULT_KEYS = List.of("when", "action");

  /** Keys that make a step an agent step; a join cannot have them. */
  static final List<String> AGENT_KEYS = List.of("prompt", "agent", "with");

  /** A step read from the document, with where it was. */
  record ParsedStep(Step step, String pointer, boolean hasValidId) {}

  private StepReader() {}

  static ParsedStep read(
      JsonNode node, String pointer, int index, Defaults defaults, Problems p, Rules rules) {
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
    List<String> allowed = new ArrayList<>(STEP_KEYS);
    if (rules.human()) {
      allowed.addAll(HUMAN_STEP_KEYS);
    }
    f.allowOnly(allowed);

    StepKind kind = kind(f, rules);
    boolean join = kind == StepKind.JOIN;
    List<String> joinList = join ? f.stringList("join", false).orElse(List.of()) : List.of();
    if (join && f.node("join").map(JsonNode::isArray).orElse(false) && joinList.isEmpty()) {
      f.report("join", "the join has no branches: 'join' must name at least one step");
    }
    Optional<dev.skein.model.Approval> approval =
        kind == StepKind.APPROVAL ? approval(f) : Optional.empty();
    Optional<String> prompt =
        kind == StepKind.APPROVAL ? f.child("approval").string("prompt") : f.string("prompt");
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
            OptionsReader.onError(f, rules.human()).orElse(defaults.onError()),
            f.duration("timeout").orElse(defaults.timeout()),
            f.duration("heartbeat_timeout").orElse(defaults.heartbeatTimeout()),
            f.duration("stall_timeout").orElse(defaults.stallTimeout()),
            OptionsReader.retry(f, defaults.retry()),
            OptionsReader.nonBlank(f, "task_queue").orElse(defaults.taskQueue()),
            f.integer(
                "max_concurrency", 1, OptionsReader.MAX_CONCURRENCY, OptionsReader.CONCURRENCY_WHY),
            OptionsReader.maxItems(f).orElse(defaults.maxItems()));

    if (kind == StepKind.JOIN && options.onError() == dev.skein.model.ErrorPolicy.PAUSE) {
      f.report(
          "on_error",
          "on_error: pause belongs on an agent step or a fan-out: a join runs no agent to retry");
    }
    Step step =
        new Step(
            stepName,
            kind,
            join || kind == StepKind.APPROVAL
                ? Optional.empty()
                : Optional.of(agent.orElse(defaults.agent())),
            join ? Optional.empty() : prompt,
            with,
            f.stringList("depends_on", false).orElse(List.of()),
            joinList,
            join ? Optional.empty() : forEach,
            schema(f),
            when(f, "when"),
            options,
            f.bool("allow_failure").orElse(false),
            onResult(f),
            approval,
            pauseTimeout(f, kind, options));
    return new ParsedStep(step, pointer, validId);
  }

  private static StepKind kind(Fields f, Rules rules) {
    if (rules.human() && f.has("approval")) {
      List<String> others =
          f.keys().stream()
              .filter(k -> STEP_KEYS.contains(k) && !APPROVAL_STEP_KEYS.contains(k))
              .toList();
      for (String key : others) {
        f.report(
            key,
            "'"
                + key
                + "' has no meaning on an approval step: it waits for a person, runs no agent"
                + " (an approval step may have "
                + String.join(", ", APPROVAL_STEP_KEYS)
                + ")");
      }
      return StepKind.APPROVAL;
    }
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

  /** The {@code approval:} block: prompt (required), timeout, on_timeout, on_reject. */
  private static Optional<dev.skein.model.Approval> approval(Fields f) {
    if (f.mapping("approval").isEmpty()) {
      return Optional.empty();
    }
    Fields a = f.child("approval");
    a.allowOnly(APPROVAL_KEYS);
    if (!a.has("prompt")) {
      a.report(
          null,
          "the approval has no prompt: say what is to be approved (approval: {prompt: \"Merge"
              + " it?\"})");
    } else {
      a.string("prompt")
          .filter(String::isBlank)
          .ifPresent(blank -> a.report("prompt", a.name("prompt") + " must not be empty"));
    }
    Optional<java.time.Duration> timeout = a.duration("timeout");
    Optional<String> onTimeout = a.choice("on_timeout", List.of("reject", "approve", "fail"));
    if (onTimeout.isPresent() && !a.has("timeout")) {
      a.report(
          "on_timeout",
          "'approval.on_timeout' needs 'approval.timeout': without a timeout the gate waits until"
              + " the run's own timeout");
    }
    Optional<String> onReject = a.choice("on_reject", List.of("fail", "skip"));
    return Optional.of(
        new dev.skein.model.Approval(
            timeout,
            onTimeout
                .map(t -> dev.skein.model.Approval.OnTimeout.valueOf(t.toUpperCase()))
                .orElse(dev.skein.model.Approval.OnTimeout.REJECT),
            onReject
                .map(r -> dev.skein.model.Approval.OnReject.valueOf(r.toUpperCase()))
                .orElse(dev.skein.model.Approval.OnReject.FAIL)));
  }

  /** {@code pause_timeout}: only with {@code on_error: pause}, on an agent step or a fan-out. */
  private static Optional<java.time.Duration> pauseTimeout(
      Fields f, StepKind kind, StepOptions options) {
    if (!f.has("pause_timeout")) {
      return Optional.empty();
    }
    Optional<java.time.Duration> timeout = f.duration("pause_timeout");
    if (kind != StepKind.APPROVAL
        && options.onError() != dev.skein.model.ErrorPolicy.PAUSE
        && timeout.isPresent()) {
      f.report(
          "pause_timeout",
          "'pause_timeout' bounds the wait of 'on_error: pause', which this step does not have: add"
              + " on_error: pause or remove pause_timeout");
      return Optional.empty();
    }
    return timeout;
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
