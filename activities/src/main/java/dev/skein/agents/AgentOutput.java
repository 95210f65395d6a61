package dev.skein.agents;

import dev.skein.contract.AgentResult.TokenUsage;

/**
 * What an agent produced in one attempt, before the output schema check.
 *
 * @param output the text the step records
 * @param exitCode the process exit code for command agents, else null
 * @param truncated the output exceeded the cap; head and tail were kept
 * @param usage token counts reported by a model, else null
 */
public record AgentOutput(String output, Integer exitCode, boolean truncated, TokenUsage usage) {

  public static AgentOutput text(String output) {
    return new AgentOutput(output, null, false, null);
  }
}
