package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.condition.Condition;
import dev.skein.condition.ConditionException;
import dev.skein.model.AgentConfig;
import dev.skein.model.OnResultRule;
import dev.skein.model.Step;
import dev.skein.parse.StepReader.ParsedStep;
import dev.skein.plan.Dependencies;
import dev.skein.template.TemplateException;
import dev.skein.template.TemplateRef;
import dev.skein.template.Templates;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that look across steps: ids, references, agents, conditions, schemas and cycles. Every
 * problem is collected; nothing stops at the first.
 */
final class PipelineValidator {

  private final List<ParsedStep> steps;
  private final Set<String> inputs;
  private final Map<String, AgentConfig> agents;
  private final Problems problems;
  private final Rules rules;
  private final Map<String, ParsedStep> byId = new LinkedHashMap<>();

  PipelineValidator(
      List<ParsedStep> steps,
      Set<String> inputs,
      Map<String, AgentConfig> agents,
      Problems problems,
      Rules rules) {
    this.steps = steps;
    this.inputs = inputs;
    this.agents = agents;
    this.problems = problems;
    this.rules = rules;
  }

  void validate() {
    ids();
    agents.forEach(this::workdir);
    for (ParsedStep s : steps) {
      agent(s);
      edges(s);
      templates(s);
      conditions(s);
      schema(s);
      if (rules.strict()) {
        StrictChecks.step(s, agents, problems);
      }
    }
    if (problems.isEmpty()) {
      // Dependencies are only meaningful once every reference resolves.
      Map<String, List<String>> graph = cycles();
      if (rules.strict() && problems.isEmpty()) {
        agentTemplates(graph);
      }
    }
  }

  /**
   * An agent's {@code command} and {@code env} are rendered for each step that uses it, so a step
   * they read must have finished first: it has to be one the step waits for.
   */
  private void agentTemplates(Map<String, List<String>> graph) {
    Set<String> checkedAgents = new HashSet<>();
    for (ParsedStep s : steps) {
      Optional<String> name = s.step().agent().filter(agents::containsKey);
      if (name.isEmpty()) {
        continue;
      }
      AgentConfig agent = agents.get(name.get());
      String base = "/agents/" + name.get().replace("~", "~0").replace("/", "~1");
      Map<String, String> fields = new LinkedHashMap<>();
      List<String> command = agent.command() == null ? List.of() : agent.command();
      for (int i = 0; i < command.size(); i++) {
        fields.put(base + "/command/" + i, command.get(i));
      }
      if (agent.env() != null) {
        agent
            .env()
            .forEach(
                (k, v) -> fields.put(base + "/env/" + k.replace("~", "~0").replace("/", "~1"), v));
      }
      boolean first = checkedAgents.add(name.get());
      Set<String> upstream = ancestors(s.step().id(), graph);
      for (Map.Entry<String, String> field : fields.entrySet()) {
        String what =
            "agent '" + name.get() + "': " + (field.getKey().contains("/env/") ? "env" : "command");
        if (field.getValue() == null || !field.getValue().contains("{{")) {
          continue;
        }
        List<TemplateRef> refs;
        try {
          refs = Templates.references(field.getValue());
        } catch (TemplateException e) {
          if (first) {
            problems.add(field.getKey(), null, what + " is an invalid template: " + e.getMessage());
          }
          continue;
        }
        for (TemplateRef ref : refs) {
          Optional<String> target = ref.stepId();
          if (target.isPresent() && byId.containsKey(target.get())) {
            if (!upstream.contains(target.get())) {
              problems.add(
                  s.pointer(),
                  s.step().id(),
                  what
                      + " reads step '"
                      + target.get()
                      + "', which this step does not wait for, so it may not have finished: add '"
                      + target.get()
                      + "' to the step's depends_on");
            }
          } else if (isItem(ref)) {
            if (!s.step().isFanOut()) {
              problems.add(
                  s.pointer(),
                  s.step().id(),
                  what + " uses '" + ref.root() + "', but the step has no for_each");
            }
          } else if (first) {
            reference(s, what, field.getKey(), ref, true, false);
          }
        }
      }
    }
  }

  private static Set<String> ancestors(String id, Map<String, List<String>> graph) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(graph.getOrDefault(id, List.of()));
    while (!todo.isEmpty()) {
      String next = todo.remove(todo.size() - 1);
      if (seen.add(next)) {
        todo.addAll(graph.getOrDefault(next, List.of()));
      }
    }
    return seen;
  }

  private void ids() {
    for (ParsedStep s : steps) {
      if (!s.hasValidId()) {
        continue;
      }
      ParsedStep first = byId.putIfAbsent(s.step().id(), s);
      if (first != null) {
        String at =
            problems
                .lineOf(first.pointer() + "/id")
                .map(l -> " (first declared on line " + l + ")")
                .orElse("");
        problems.add(
            s.pointer() + "/id", s.step().id(), "duplicate step id '" + s.step().id() + "'" + at);
      }
    }
  }

  /** Reports an agent name that names no declared or built-in agent. */
  static boolean knownAgent(String name, Map<String, AgentConfig> agents) {
    return agents.containsKey(name) || AgentConfig.BUILT_INS.contains(name);
  }

  static String unknownAgent(String name, Map<String, AgentConfig> agents) {
    return "unknown agent '"
        + name
        + "' (declared: "
        + (agents.isEmpty() ? "none" : String.join(", ", agents.keySet()))
        + "; built-in: "
        + String.join(", ", AgentConfig.BUILT_INS)
        + ")";
  }

  private void agent(ParsedStep s) {
    Step step = s.step();
    JsonNode own = problems.tree(s.pointer()).get("agent");
    if (own != null && own.isTextual() && !knownAgent(own.asText(), agents)) {
      problems.add(s.pointer() + "/agent", step.id(), unknownAgent(own.asText(), agents));
    }
    // An agent's workdir is rendered per task: item and index only exist in fan-outs.
    step.agent()
        .map(agents::get)
        .map(AgentConfig::workdir)
        .ifPresent(
            workdir -> {
              for (TemplateRef ref : references(workdir, null, null)) {
                if (isItem(ref) && !step.isFanOut()) {
                  problems.add(
                      s.pointer(),
                      step.id(),
                      "agent '"
                          + step.agent().get()
                          + "' has a workdir that uses '"
                          + ref.root()
                          + "', but the step has no for_each");
                }
              }
            });
  }

  /**
   * An agent's workdir may use inputs, the run id and the pipeline name (and, in fan-outs, item and
   * index); steps are not its to read, since an agent serves many steps.
   */
  private void workdir(String name, AgentConfig agent) {
    if (agent.workdir() == null) {
      return;
    }
    String pointer = "/agents/" + name.replace("~", "~0").replace("/", "~1") + "/workdir";
    String what = "agent '" + name + "': workdir";
    List<TemplateRef> refs;
    try {
      refs = Templates.references(agent.workdir());
    } catch (TemplateException e) {
      problems.add(pointer, null, what + " is an invalid template: " + e.getMessage());
      return;
    }
    for (TemplateRef ref : refs) {
      switch (ref.root()) {
        case "inputs" -> {
          if (ref.inputName().filter(inputs::contains).isEmpty()) {
            problems.add(
                pointer,
                null,
                what
                    + " refers to unknown input '"
                    + ref.inputName().orElse("")
                    + "' (declared inputs: "
                    + (inputs.isEmpty() ? "none" : String.join(", ", inputs))
                    + ")");
          }
        }
        case "item", "index", "run", "pipeline" -> {}
        default ->
            problems.add(
                pointer,
                null,
                what
                    + " may use inputs, run.id, pipeline.name, item and index, not '"
                    + ref.expression()
                    + "'");
      }
    }
  }

  private void edges(ParsedStep s) {
    Step step = s.step();
    List<String> dependsOn = step.dependsOn();
    for (int i = 0; i < dependsOn.size(); i++) {
      edge(s, "depends_on", i, dependsOn.get(i));
    }
    for (int i = 0; i < step.join().size(); i++) {
      edge(s, "join", i, step.join().get(i));
    }
  }

  private void edge(ParsedStep s, String key, int i, String target) {
    String pointer = s.pointer() + "/" + key + "/" + i;
    if (target.equals(s.step().id())) {
      problems.add(pointer, s.step().id(), "the step depends on itself (" + key + ")");
    } else if (!byId.containsKey(target)) {
      problems.add(
          pointer, s.step().id(), "'" + key + "' names unknown step '" + target + "'" + known());
    }
  }

  private String known() {
    return " (steps: " + String.join(", ", byId.keySet()) + ")";
  }

  private void templates(ParsedStep s) {
    Step step = s.step();
    if (step.isApproval()) {
      step.prompt()
          .ifPresent(p -> check(s, "approval.prompt", s.pointer() + "/approval/prompt", p, false));
    } else {
      step.prompt().ifPresent(p -> check(s, "prompt", s.pointer() + "/prompt", p, step.isFanOut()));
    }
    checkTree(s, step.with(), s.pointer() + "/with", "with");
    step.forEach().ifPresent(t -> check(s, "for_each", s.pointer() + "/for_each", t, false));
  }

  private void checkTree(ParsedStep s, JsonNode node, String pointer, String what) {
    if (node.isTextual()) {
      check(s, what, pointer, node.asText(), s.step().isFanOut());
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkTree(s, node.get(i), pointer + "/" + i, what);
      }
    } else if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e ->
                  checkTree(
                      s,
                      e.getValue(),
                      pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                      what + "." + e.getKey()));
    }
  }

  private void check(ParsedStep s, String what, String pointer, String template, boolean item) {
    for (TemplateRef ref : references(template, pointer, s)) {
      reference(s, what, pointer, ref, item, true);
    }
  }

  private List<TemplateRef> references(String template, String pointer, ParsedStep s) {
    try {
      return Templates.references(template);
    } catch (TemplateException e) {
      if (s != null) {
        problems.add(pointer, s.step().id(), "invalid template: " + e.getMessage());
      }
      return List.of();
    }
  }

  private static boolean isItem(TemplateRef ref) {
    return ref.root().equals("item") || ref.root().equals("index");
  }

  /**
   * @param own whether the problem is the step's (else it is about an agent's field)
   */
  private void reference(
      ParsedStep s,
      String what,
      String pointer,
      TemplateRef ref,
      boolean itemAllowed,
      boolean own) {
    String id = own ? s.step().id() : null;
    String in = what + " refers to ";
    switch (ref.root()) {
      case "steps" -> {
        Optional<String> target = ref.stepId();
        if (target.isEmpty()) {
          problems.add(pointer, id, in + "'steps' without naming a step");
        } else if (!byId.containsKey(target.get())) {
          problems.add(pointer, id, in + "unknown step '" + target.get() + "'" + known());
        } else if (rules.strict()) {
          StrictChecks.outputPath(byId.get(target.get()).step(), ref)
              .ifPresent(
                  why -> problems.add(pointer, id, in + "'" + ref.expression() + "': " + why));
        }
      }
      case "inputs" -> {
        Optional<String> input = ref.inputName();
        if (input.isEmpty() || !inputs.contains(input.get())) {
          problems.add(
              pointer,
              id,
              in
                  + "unknown input '"
                  + input.orElse("")
                  + "' (declared inputs: "
                  + (inputs.isEmpty() ? "none" : String.join(", ", inputs))
                  + ")");
        }
      }
      case "item", "index" -> {
        if (!itemAllowed) {
          problems.add(
              pointer,
              id,
              what
                  + " uses '"
                  + ref.root()
                  + "', which exists only in the prompt and with of a step with"
                  + " for_each");
        }
      }
      case "run" -> {
        if (!ref.path().equals(List.of("id"))) {
          problems.add(pointer, id, in + "unknown reference '" + ref.expression() + "' (run.id)");
        }
      }
      case "pipeline" -> {
        if (!ref.path().equals(List.of("name"))) {
          problems.add(
              pointer, id, in + "unknown reference '" + ref.expression() + "' (pipeline.name)");
        }
      }
      default -> problems.add(pointer, id, in + "unknown reference '" + ref.expression() + "'");
    }
  }

  private void conditions(ParsedStep s) {
    Step step = s.step();
    step.when().ifPresent(w -> condition(s, "when", s.pointer() + "/when", w));
    List<OnResultRule> rules = step.onResult();
    for (int i = 0; i < rules.size(); i++) {
      condition(
          s,
          "on_result[" + (i + 1) + "].when",
          s.pointer() + "/on_result/" + i + "/when",
          rules.get(i).when());
    }
  }

  /** Conditions decide about the whole step, so {@code item} and {@code index} are not theirs. */
  private void condition(ParsedStep s, String what, String pointer, String text) {
    Condition condition;
    try {
      condition =
          rules.extendedConditions() ? Condition.parse(text) : Condition.parseFirstRelease(text);
    } catch (ConditionException e) {
      problems.add(pointer, s.step().id(), what + " expression does not parse: " + e.getMessage());
      return;
    }
    for (TemplateRef ref : condition.references()) {
      reference(s, what, pointer, ref, false, true);
    }
    if (rules.strict()) {
      StrictChecks.statusLiterals(condition)
          .ifPresent(why -> problems.add(pointer, s.step().id(), what + ": " + why));
    }
  }

  private void schema(ParsedStep s) {
    s.step()
        .outputSchema()
        .flatMap(SchemaCheck::problem)
        .ifPresent(
            why ->
                problems.add(
                    s.pointer() + "/output_schema",
                    s.step().id(),
                    "output_schema is not a valid JSON Schema: " + why));
  }

  /** Reports cycles; returns each step's direct dependencies. */
  private Map<String, List<String>> cycles() {
    Map<String, List<String>> graph = new LinkedHashMap<>();
    for (ParsedStep s : steps) {
      List<String> deps = new ArrayList<>();
      for (String d : Dependencies.of(s.step())) {
        if (d.equals(s.step().id())) {
          problems.add(s.pointer(), s.step().id(), "the step depends on itself");
        } else if (byId.containsKey(d)) {
          deps.add(d);
        }
      }
      graph.put(s.step().id(), deps);
    }
    Set<Set<String>> reported = new HashSet<>();
    for (List<String> cycle : new CycleFinder(graph).cycles()) {
      if (reported.add(new LinkedHashSet<>(cycle))) {
        String start = cycle.get(0);
        problems.add(
            byId.get(start).pointer(),
            start,
            "dependency cycle: " + String.join(" -> ", cycle) + " -> " + start);
      }
    }
    return graph;
  }
}
