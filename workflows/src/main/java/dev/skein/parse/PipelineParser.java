package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.model.AgentConfig;
import dev.skein.model.Budgets;
import dev.skein.model.Defaults;
import dev.skein.model.Mode;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.parse.StepReader.ParsedStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a document into a validated {@link Pipeline}. The CLI and the workflow use this same code,
 * so a bad document from any client gets the same errors. Pure and deterministic.
 */
public final class PipelineParser {

  static final List<String> TOP_KEYS =
      List.of(
          "name",
          "description",
          "inputs",
          "defaults",
          "timeout",
          "mode",
          "agents",
          "steps",
          "budget",
          "on_budget");

  private PipelineParser() {}

  /** Parses and validates with every current check, collecting every problem before throwing. */
  public static Pipeline parse(PipelineDocument document) throws InvalidPipelineException {
    return parse(document, Rules.CURRENT);
  }

  /** Parses and validates under {@code rules}, collecting every problem before throwing. */
  public static Pipeline parse(PipelineDocument document, Rules rules)
      throws InvalidPipelineException {
    Problems problems = new Problems(document);
    JsonNode tree = document.tree();
    if (tree == null || !tree.isObject()) {
      problems.add(
          "",
          null,
          "the top level must be a mapping of keys (name, steps, …), not " + NodeText.typeOf(tree));
      throw new InvalidPipelineException(problems.list());
    }
    Fields root = new Fields(tree, "", "", null, problems);
    root.allowOnly(TOP_KEYS);

    String name = name(root);
    Optional<String> description = root.string("description");
    Map<String, JsonNode> inputs = new LinkedHashMap<>();
    root.mapping("inputs")
        .ifPresent(i -> i.fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue())));
    Map<String, AgentConfig> agents = agents(root);
    Defaults defaults = OptionsReader.defaults(root);
    if (!PipelineValidator.knownAgent(defaults.agent(), agents)) {
      problems.add(
          "/defaults/agent",
          null,
          "defaults: " + PipelineValidator.unknownAgent(defaults.agent(), agents));
    }
    Optional<Duration> timeout = root.duration("timeout");
    Mode mode =
        root.choice("mode", List.of("levels", "dataflow"))
            .map(m -> m.equals("levels") ? Mode.LEVELS : Mode.DATAFLOW)
            .orElse(Mode.LEVELS);
    List<ParsedStep> steps = steps(root, defaults, rules);
    Budgets budgets = BudgetReader.read(root);

    new PipelineValidator(steps, inputs.keySet(), agents, problems, rules).validate();
    if (!problems.isEmpty()) {
      throw new InvalidPipelineException(problems.list());
    }
    List<Step> model = steps.stream().map(ParsedStep::step).toList();
    return new Pipeline(name, description, inputs, defaults, timeout, mode, agents, model, budgets);
  }

  public static Pipeline parse(JsonNode tree) throws InvalidPipelineException {
    return parse(PipelineDocument.of(tree));
  }

  public static Pipeline parse(JsonNode tree, Rules rules) throws InvalidPipelineException {
    return parse(PipelineDocument.of(tree), rules);
  }

  private static String name(Fields root) {
    Optional<String> name = root.string("name");
    if (!root.has("name")) {
      root.report(
          null, "the pipeline has no name: add 'name:' (lowercase letters, digits, - and _)");
    } else if (name.isPresent() && !StepReader.ID.matcher(name.get()).matches()) {
      root.report(
          "name",
          "malformed pipeline name '"
              + name.get()
              + "' (use lowercase letters, digits, '-' and '_', starting with a letter or digit)");
    }
    return name.orElse("");
  }

  private static Map<String, AgentConfig> agents(Fields root) {
    Map<String, AgentConfig> agents = new LinkedHashMap<>();
    root.mapping("agents")
        .ifPresent(
            node ->
                node.fields()
                    .forEachRemaining(
                        e ->
                            AgentReader.read(e.getKey(), e.getValue(), root.child("agents"))
                                .ifPresent(a -> agents.put(e.getKey(), a))));
    return agents;
  }

  private static List<ParsedStep> steps(Fields root, Defaults defaults, Rules rules) {
    List<ParsedStep> steps = new ArrayList<>();
    if (!root.has("steps")) {
      root.report(null, "the pipeline is empty: it has no 'steps'");
      return steps;
    }
    Optional<JsonNode> list = root.list("steps");
    if (list.isEmpty()) {
      return steps;
    }
    if (list.get().isEmpty()) {
      root.report("steps", "the pipeline is empty: 'steps' has no steps");
    }
    for (int i = 0; i < list.get().size(); i++) {
      JsonNode node = list.get().get(i);
      String pointer = "/steps/" + i;
      if (!node.isObject()) {
        root.problems()
            .add(
                pointer,
                null,
                "steps["
                    + (i + 1)
                    + "] must be a mapping with an id, not "
                    + NodeText.typeOf(node));
        continue;
      }
      steps.add(StepReader.read(node, pointer, i, defaults, root.problems(), rules));
    }
    return steps;
  }
}
