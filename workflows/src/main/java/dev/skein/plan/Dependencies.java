package dev.skein.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.condition.Condition;
import dev.skein.condition.ConditionException;
import dev.skein.model.OnResultRule;
import dev.skein.model.Step;
import dev.skein.template.TemplateException;
import dev.skein.template.TemplateRef;
import dev.skein.template.Templates;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which steps a step depends on. */
public final class Dependencies {

  private Dependencies() {}

  /**
   * {@code depends_on}, {@code join} and every {@code steps.X} referenced in the prompt, {@code
   * with}, {@code for_each} or {@code when}; in first-mention order. Templates that do not parse
   * contribute nothing (validation reports them).
   *
   * <p>{@code on_result} rules count too, except references to the step itself (a rule reads its
   * own step's result, which is not a dependency). A self reference anywhere else is kept, so a
   * cycle check reports it.
   */
  public static Set<String> of(Step step) {
    Set<String> deps = new LinkedHashSet<>();
    deps.addAll(step.dependsOn());
    deps.addAll(step.join());
    step.prompt().ifPresent(p -> addTemplate(p, deps));
    addTree(step.with(), deps);
    step.forEach().ifPresent(f -> addTemplate(f, deps));
    step.when().ifPresent(w -> addCondition(w, deps, null));
    for (OnResultRule rule : step.onResult()) {
      if (rule.when() != null) {
        addCondition(rule.when(), deps, step.id());
      }
    }
    return Collections.unmodifiableSet(deps);
  }

  private static void addTemplate(String template, Set<String> deps) {
    List<TemplateRef> refs;
    try {
      refs = Templates.references(template);
    } catch (TemplateException e) {
      return;
    }
    addRefs(refs, deps, null);
  }

  private static void addTree(JsonNode node, Set<String> deps) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      addTemplate(node.textValue(), deps);
    } else if (node.isContainerNode()) {
      for (JsonNode child : node) {
        addTree(child, deps);
      }
    }
  }

  private static void addCondition(String expression, Set<String> deps, String self) {
    List<TemplateRef> refs;
    try {
      refs = Condition.parse(expression).references();
    } catch (ConditionException e) {
      return;
    }
    addRefs(refs, deps, self);
  }

  private static void addRefs(List<TemplateRef> refs, Set<String> deps, String exclude) {
    for (TemplateRef ref : refs) {
      ref.stepId().filter(id -> !id.equals(exclude)).ifPresent(deps::add);
    }
  }
}
