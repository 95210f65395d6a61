package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.model.AgentConfig;
import dev.skein.model.Price;
import dev.skein.model.UsageSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/** Reads one entry of {@code agents:}; keys that do not belong to its kind are errors. */
final class AgentReader {

  static final List<String> COMMAND_KEYS =
      List.of(
          "kind",
          "command",
          "prompt_via",
          "env",
          "pass_env",
          "workdir",
          "rate_limit_pattern",
          "grace_period",
          "max_output",
          "usage",
          "price");

  static final List<String> OPENAI_KEYS =
      List.of(
          "kind",
          "base_url",
          "model",
          "api_key_env",
          "stream",
          "temperature",
          "max_tokens",
          "system_prompt",
          "price");

  static final List<String> BUILT_IN_KEYS = List.of("kind");

  static final List<String> PROMPT_VIA = List.of("stdin", "env", "arg");

  private AgentReader() {}

  /** Empty when the entry is too broken to describe an agent (the problems say why). */
  static Optional<AgentConfig> read(String name, JsonNode node, Fields agents) {
    if (!node.isObject()) {
      agents.report(name, "agent '" + name + "' must be a mapping, not " + NodeText.typeOf(node));
      return Optional.empty();
    }
    Fields f = agents.child(name);
    Optional<String> kind = f.requiredString("kind", "agent '" + name + "'");
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    return switch (kind.get()) {
      case AgentConfig.COMMAND -> Optional.of(command(f));
      case AgentConfig.OPENAI -> Optional.of(openai(name, f));
      case AgentConfig.ECHO, AgentConfig.SLEEP, AgentConfig.FAIL -> {
        f.allowOnly(BUILT_IN_KEYS);
        yield Optional.of(AgentConfig.builtIn(kind.get()));
      }
      default -> {
        f.report(
            "kind",
            "agent '"
                + name
                + "' has unknown kind '"
                + kind.get()
                + "' (kinds: "
                + String.join(", ", AgentConfig.KINDS)
                + ")");
        yield Optional.empty();
      }
    };
  }

  private static AgentConfig command(Fields f) {
    f.allowOnly(COMMAND_KEYS);
    List<String> argv = f.stringList("command", true).orElse(List.of());
    if (!f.has("command")) {
      f.report(null, "a command agent needs 'command': the program and its arguments as a list");
    } else if (!argv.isEmpty() && argv.get(0).isBlank()) {
      f.report("command", f.name("command") + " must start with a program name");
    }
    Optional<String> pattern = f.string("rate_limit_pattern");
    pattern.ifPresent(
        p -> {
          try {
            java.util.regex.Pattern.compile(p);
          } catch (PatternSyntaxException e) {
            f.report(
                "rate_limit_pattern",
                f.name("rate_limit_pattern")
                    + " is not a valid regular expression: "
                    + e.getDescription());
          }
        });
    Optional<UsageSpec> usage = AccountingReader.usage(f);
    boolean reportsTokens = usage.filter(u -> !u.extractor().equals(UsageSpec.NONE)).isPresent();
    Optional<Price> price = AccountingReader.price(f, reportsTokens);
    return AgentConfig.command(
            List.copyOf(argv),
            f.choice("prompt_via", PROMPT_VIA).orElse("stdin"),
            f.stringMap("env").orElse(null),
            f.stringList("pass_env", false).orElse(null),
            f.string("workdir").orElse(null),
            pattern.orElse(null),
            f.duration("grace_period").map(Duration::toMillis).orElse(null),
            f.byteSize("max_output").orElse(null))
        .withAccounting(usage.orElse(null), price.orElse(null));
  }

  private static AgentConfig openai(String name, Fields f) {
    f.allowOnly(OPENAI_KEYS);
    String what = "openai agent '" + name + "'";
    // an OpenAI-compatible reply always reports its tokens
    Optional<Price> price = AccountingReader.price(f, true);
    return AgentConfig.openai(
            f.requiredString("base_url", what).orElse(null),
            f.requiredString("model", what).orElse(null),
            f.string("api_key_env").orElse(null),
            f.bool("stream").orElse(null),
            f.number("temperature").orElse(null),
            f.integer("max_tokens", 1, Integer.MAX_VALUE, "").orElse(null),
            f.string("system_prompt").orElse(null))
        .withAccounting(null, price.orElse(null));
  }
}
