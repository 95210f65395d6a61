package dev.skein.template;

import dev.skein.model.AgentConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the templated fields of an agent configuration ({@code workdir: "{{ inputs.repo }}"},
 * command arguments, environment values) in workflow code, like prompts, so the activity receives
 * plain values.
 */
public final class AgentConfigs {

  private AgentConfigs() {}

  public static AgentConfig render(AgentConfig agent, TemplateContext context) {
    if (!templated(agent)) {
      return agent;
    }
    List<String> command =
        agent.command() == null
            ? null
            : agent.command().stream().map(a -> renderIfTemplated(a, context)).toList();
    Map<String, String> env = null;
    if (agent.env() != null) {
      env = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : agent.env().entrySet()) {
        env.put(e.getKey(), renderIfTemplated(e.getValue(), context));
      }
    }
    return agent.rendered(command, env, renderIfTemplated(agent.workdir(), context));
  }

  /**
   * The steps the agent's templated fields reference: they need not be dependencies of the step
   * that uses the agent. A template that does not parse is a {@code TemplateException}.
   */
  public static Set<String> stepReferences(AgentConfig agent) {
    List<String> texts = new ArrayList<>();
    texts.add(agent.workdir());
    if (agent.command() != null) {
      texts.addAll(agent.command());
    }
    if (agent.env() != null) {
      texts.addAll(agent.env().values());
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String text : texts) {
      if (isTemplate(text)) {
        for (TemplateRef ref : Templates.references(text)) {
          ref.stepId().ifPresent(ids::add);
        }
      }
    }
    return ids;
  }

  private static boolean templated(AgentConfig agent) {
    return isTemplate(agent.workdir())
        || (agent.command() != null && agent.command().stream().anyMatch(AgentConfigs::isTemplate))
        || (agent.env() != null
            && agent.env().values().stream().anyMatch(AgentConfigs::isTemplate));
  }

  private static boolean isTemplate(String text) {
    return text != null && text.contains("{{");
  }

  private static String renderIfTemplated(String text, TemplateContext context) {
    return isTemplate(text) ? Templates.render(text, context) : text;
  }
}
