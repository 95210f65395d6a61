package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.condition.Condition;
import dev.skein.contract.RenderRequest;
import dev.skein.model.AgentConfig;
import dev.skein.model.OnResultRule;
import dev.skein.model.Pipeline;
import dev.skein.output.OutputValue;
import dev.skein.plan.Plan;
import dev.skein.run.OutputRef;
import dev.skein.template.AgentConfigs;
import dev.skein.template.TemplateContext;
import dev.skein.template.TemplateException;
import dev.skein.template.TemplateRef;
import dev.skein.template.Templates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a step's templates and conditions can read, and where they are read: in the workflow when
 * every output they name is inline, by the worker (which reads the store) when one is stored.
 */
final class Contexts {

  private final Pipeline pipeline;
  private final Plan plan;
  private final RunState state;
  private final Map<String, JsonNode> inputs;
  private final OutputLoader loader;

  /** Per step, the steps its templates and conditions can see (see {@link #visibleTo}). */
  private final Map<String, List<StepState>> visible = new HashMap<>();

  /** Per step, the steps its prompt, {@code with} and agent templates name. */
  private final Map<String, Set<String>> rendered = new HashMap<>();

  Contexts(
      Pipeline pipeline,
      Plan plan,
      RunState state,
      Map<String, JsonNode> inputs,
      OutputLoader loader) {
    this.pipeline = pipeline;
    this.plan = plan;
    this.state = state;
    this.inputs = inputs;
    this.loader = loader;
  }

  Map<String, JsonNode> inputs() {
    return inputs;
  }

  /**
   * What a step's templates and conditions see: inputs, the steps they can reference as they stand,
   * the task's item.
   */
  TemplateContext of(StepState step, TaskState task) {
    TemplateContext.Builder builder =
        TemplateContext.builder().runId(state.workflowId()).pipelineName(pipeline.name());
    inputs.forEach(builder::input);
    for (StepState s : visibleTo(step)) {
      builder.step(s.id(), s.status.wireName(), s.isFinal() ? s.view(loader.materializer()) : null);
    }
    if (task != null) {
      builder.item(task.item, task.index);
    }
    return builder.build();
  }

  /** What the agent call of {@code step} (and {@code task}) renders its templates with. */
  TemplateSource source(StepState step, TaskState task) {
    return new TemplateSource() {
      @Override
      public boolean rendersStoredOutput() {
        return Contexts.this.rendersStoredOutput(step);
      }

      @Override
      public TemplateContext context() {
        return of(step, task);
      }

      @Override
      public RenderRequest.Context forWorker() {
        return Contexts.this.forWorker(step, task);
      }
    };
  }

  /** Whether the step's prompt, {@code with} or agent templates read a stored output. */
  boolean rendersStoredOutput(StepState step) {
    for (String id : renderedBy(step)) {
      StepState s = state.step(id);
      if (s != null && s.isFinal()) {
        OutputValue v = s.templateValue();
        if (v != null && !v.isLocal()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The context a worker renders the step's templates with (stored outputs as references). */
  RenderRequest.Context forWorker(StepState step, TaskState task) {
    Map<String, RenderRequest.StepValue> steps = new LinkedHashMap<>();
    for (String id : renderedBy(step)) {
      StepState s = state.step(id);
      if (s != null) {
        steps.put(
            id,
            new RenderRequest.StepValue(
                s.status.wireName(), s.isFinal() ? s.templateValue() : null));
      }
    }
    return new RenderRequest.Context(
        new LinkedHashMap<>(inputs),
        steps,
        task == null ? null : task.item,
        task == null ? null : task.index,
        state.workflowId(),
        pipeline.name());
  }

  /** The stored outputs of the steps {@code ids} that the workflow has not read yet. */
  List<OutputRef> storedOutputsOf(Collection<String> ids) {
    List<OutputRef> refs = new ArrayList<>();
    for (String id : ids) {
      StepState s = state.step(id);
      if (s != null && s.isFinal() && s.templateValue() != null) {
        for (OutputRef ref : s.templateValue().refs()) {
          if (!loader.isLoaded(ref)) {
            refs.add(ref);
          }
        }
      }
    }
    return refs;
  }

  /** Steps a {@code when} condition reads. */
  static Set<String> readBy(Condition condition) {
    return stepIds(condition.references());
  }

  /** Steps a template ({@code for_each}) reads. */
  static Set<String> readBy(String template) {
    return stepIds(Templates.references(template));
  }

  /** Steps a step's {@code on_result} rules read: itself, and what the rules name. */
  static Set<String> readByRules(StepState step) {
    Set<String> ids = new LinkedHashSet<>();
    ids.add(step.id());
    for (OnResultRule rule : step.step.onResult()) {
      try {
        ids.addAll(readBy(Condition.parse(rule.when())));
      } catch (RuntimeException unreadable) {
        // The rule is reported when it is evaluated.
      }
    }
    return ids;
  }

  private static Set<String> stepIds(List<TemplateRef> refs) {
    Set<String> ids = new LinkedHashSet<>();
    for (TemplateRef ref : refs) {
      ref.stepId().ifPresent(ids::add);
    }
    return ids;
  }

  /**
   * The steps named by a step's prompt, {@code with} and agent's templated fields. If a template
   * cannot be read, every step: the render then reports the error.
   */
  private Set<String> renderedBy(StepState step) {
    return rendered.computeIfAbsent(
        step.id(),
        id -> {
          Set<String> ids = new LinkedHashSet<>();
          try {
            step.step.prompt().ifPresent(p -> ids.addAll(readBy(p)));
            collectTreeRefs(step.step.with(), ids);
            agentOf(step).ifPresent(a -> ids.addAll(AgentConfigs.stepReferences(a)));
          } catch (TemplateException unreadable) {
            state.steps().forEach(s -> ids.add(s.id()));
          }
          return ids;
        });
  }

  private static void collectTreeRefs(JsonNode tree, Set<String> ids) {
    if (tree == null) {
      return;
    }
    if (tree.isTextual()) {
      ids.addAll(readBy(tree.textValue()));
    } else if (tree.isContainerNode()) {
      Iterator<JsonNode> it = tree.elements();
      while (it.hasNext()) {
        collectTreeRefs(it.next(), ids);
      }
    }
  }

  private Optional<AgentConfig> agentOf(StepState step) {
    return pipeline.agent(step.step.agent().orElse(pipeline.defaults().agent()));
  }

  /**
   * The steps a step's templates and conditions can reference: its dependencies (every {@code
   * steps.X} in its prompt, {@code with}, {@code for_each}, {@code when} and {@code on_result}),
   * itself ({@code on_result} reads its own result), and whatever its agent's templated fields
   * name. A context of just these renders exactly as one of every step, without costing a pass over
   * all of them per launch; if the agent's templates cannot be read, every step is visible.
   */
  private List<StepState> visibleTo(StepState step) {
    return visible.computeIfAbsent(
        step.id(),
        id -> {
          Set<String> ids = new LinkedHashSet<>(plan.dependencies(id));
          ids.add(id);
          Optional<AgentConfig> agent = agentOf(step);
          if (agent.isPresent()) {
            try {
              ids.addAll(AgentConfigs.stepReferences(agent.get()));
            } catch (TemplateException unreadable) {
              return List.copyOf(state.steps());
            }
          }
          return ids.stream().map(state::step).filter(s -> s != null).toList();
        });
  }
}
