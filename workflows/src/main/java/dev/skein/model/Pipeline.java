package dev.skein.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed and validated pipeline. Steps are in declaration order; maps keep document order.
 *
 * @param inputs declared inputs with their default values (overridden at start)
 * @param timeout whole-run deadline, if any
 * @param budgets the run's and the steps' spending limits
 * @param agents the agents the document declares (built-ins are resolved by {@link #agent})
 */
public record Pipeline(
    String name,
    Optional<String> description,
    Map<String, JsonNode> inputs,
    Defaults defaults,
    Optional<Duration> timeout,
    Mode mode,
    Map<String, AgentConfig> agents,
    List<Step> steps,
    Budgets budgets) {

  public Pipeline(
      String name,
      Optional<String> description,
      Map<String, JsonNode> inputs,
      Defaults defaults,
      Optional<Duration> timeout,
      Mode mode,
      Map<String, AgentConfig> agents,
      List<Step> steps) {
    this(name, description, inputs, defaults, timeout, mode, agents, steps, Budgets.NONE);
  }

  public Pipeline {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
    steps = List.copyOf(steps);
  }

  public Optional<Step> step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** A declared agent, else a built-in of that name. */
  public Optional<AgentConfig> agent(String name) {
    AgentConfig declared = agents.get(name);
    if (declared != null) {
      return Optional.of(declared);
    }
    return AgentConfig.BUILT_INS.contains(name)
        ? Optional.of(AgentConfig.builtIn(name))
        : Optional.empty();
  }
}
