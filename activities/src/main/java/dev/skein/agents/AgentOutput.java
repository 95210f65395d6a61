package dev.skein.agents;

import dev.skein.run.Usage;

/**
 * What an agent produced in one attempt, before the output schema check.
 *
 * @param output the text the step records
 * @param exitCode the process exit code for command agents, else null
 * @param truncated the output exceeded the cap; head and tail were kept
 * @param usage what this attempt spent, as the model or tool reported it; null when not reported
 */
public record AgentOutput(String output, Integer exitCode, boolean truncated, Usage usage) {

  public static AgentOutput text(String output) {
    return new AgentOutput(output, null, false, null);
  }
}
