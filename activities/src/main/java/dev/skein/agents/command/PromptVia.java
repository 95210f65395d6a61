package dev.skein.agents.command;

import dev.skein.agents.AgentCall;

/** How a command agent receives its prompt ({@code prompt_via}). */
enum PromptVia {
  /** Written verbatim to stdin, which is then closed (the default). */
  STDIN,
  /** In the environment variable {@code SKEIN_PROMPT}. */
  ENV,
  /** Appended to the command as one argv element. */
  ARG;

  static PromptVia parse(String value, AgentCall call) {
    if (value == null || value.isEmpty()) {
      return STDIN;
    }
    return switch (value) {
      case "stdin" -> STDIN;
      case "env" -> ENV;
      case "arg" -> ARG;
      default ->
          throw call.configError("prompt_via must be stdin, env or arg, not '" + value + "'.");
    };
  }
}
