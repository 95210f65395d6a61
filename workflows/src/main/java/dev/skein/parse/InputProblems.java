package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.template.TemplateContext;
import dev.skein.template.TemplateException;
import dev.skein.template.TemplateRef;
import dev.skein.template.Templates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What is wrong with the inputs given to a run. The workflow refuses undeclared inputs with {@link
 * #undeclared}; clients call {@link #check} before starting, which adds what the workflow only
 * finds later (a {@code for_each} over a non-list) or never (a type unlike the default, a required
 * input left out). One class, so the client's sentences and the workflow's are the same.
 */
public final class InputProblems {

  private InputProblems() {}

  /** The problem with giving {@code name}, when the pipeline does not declare it. */
  public static Optional<Problem> undeclared(Pipeline pipeline, String name) {
    if (pipeline.inputs().containsKey(name)) {
      return Optional.empty();
    }
    return Optional.of(
        problem(
            "input '"
                + name
                + "' is not declared by the pipeline (declared: "
                + String.join(", ", pipeline.inputs().keySet())
                + ")",
            Optional.empty()));
  }

  /** The sentence a {@code for_each} that rendered to {@code items}, not an array, fails with. */
  public static String notAList(JsonNode items) {
    return "for_each must render to a JSON array, got "
        + (items == null ? "nothing" : typeName(items));
  }

  /**
   * Every problem with starting {@code pipeline} with {@code given}: undeclared names, values whose
   * JSON type differs from the declared default's, required inputs (declared without a default, or
   * with null) left out, and {@code for_each} templates that read only inputs and render to
   * something other than a list.
   */
  public static List<Problem> check(Pipeline pipeline, Map<String, JsonNode> given) {
    List<Problem> problems = new ArrayList<>();
    Map<String, JsonNode> resolved = new LinkedHashMap<>(pipeline.inputs());
    given.forEach(
        (name, value) -> {
          Optional<Problem> undeclared = undeclared(pipeline, name);
          if (undeclared.isPresent()) {
            problems.add(undeclared.get());
            return;
          }
          mismatch(name, pipeline.inputs().get(name), value).ifPresent(problems::add);
          resolved.put(name, value);
        });
    pipeline
        .inputs()
        .forEach(
            (name, declared) -> {
              if (isAbsent(declared) && isAbsent(given.get(name))) {
                problems.add(
                    problem(
                        "input '"
                            + name
                            + "' is required (declared without a default) but was not given",
                        Optional.empty()));
              }
            });
    if (problems.isEmpty()) {
      pipeline.steps().forEach(step -> forEachProblem(step, resolved).ifPresent(problems::add));
    }
    return problems;
  }

  private static Optional<Problem> mismatch(String name, JsonNode declared, JsonNode value) {
    if (isAbsent(declared) || value == null || sameType(declared, value)) {
      return Optional.empty();
    }
    return Optional.of(
        problem(
            "input '"
                + name
                + "' must be "
                + article(typeName(declared))
                + " like its default "
                + declared
                + ", got "
                + typeName(value),
            Optional.empty()));
  }

  /** A {@code for_each} whose references are all inputs can be rendered before the run starts. */
  private static Optional<Problem> forEachProblem(Step step, Map<String, JsonNode> inputs) {
    if (step.forEach().isEmpty()) {
      return Optional.empty();
    }
    String template = step.forEach().get();
    JsonNode items;
    try {
      List<TemplateRef> refs = Templates.references(template);
      if (refs.isEmpty() || !refs.stream().allMatch(r -> r.root().equals("inputs"))) {
        return Optional.empty();
      }
      TemplateContext.Builder context = TemplateContext.builder();
      inputs.forEach(context::input);
      items = Templates.renderValue(template, context.build());
    } catch (TemplateException e) {
      return Optional.empty(); // the workflow reports it with the step's other template errors
    }
    if (items != null && items.isArray()) {
      return Optional.empty();
    }
    return Optional.of(problem(notAList(items), Optional.of(step.id())));
  }

  private static boolean sameType(JsonNode declared, JsonNode value) {
    return typeName(declared).equals(typeName(value));
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private static String typeName(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String article(String type) {
    return (type.startsWith("a") || type.startsWith("o") ? "an " : "a ") + type;
  }

  private static Problem problem(String message, Optional<String> step) {
    return new Problem(message, Optional.empty(), Optional.empty(), step);
  }
}
