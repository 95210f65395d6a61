package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.model.Price;
import dev.skein.model.UsageSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads an agent's {@code usage} (how its output reports usage) and {@code price}. */
final class AccountingReader {

  private static final List<String> PRICE_KEYS = List.of("input_per_mtok", "output_per_mtok");

  private AccountingReader() {}

  /** {@code usage: claude}, or {@code usage: {extractor: json, input_tokens: a.b, ...}}. */
  static Optional<UsageSpec> usage(Fields agent) {
    Optional<JsonNode> node = agent.node("usage");
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get().isTextual()) {
      Optional<String> name = agent.choice("usage", UsageSpec.EXTRACTORS);
      name.filter(UsageSpec.JSON::equals)
          .ifPresent(
              n ->
                  agent.report(
                      "usage",
                      "usage 'json' needs the paths of its figures: usage: {extractor: json,"
                          + " input_tokens: usage.input, output_tokens: usage.output}"));
      return name.filter(n -> !n.equals(UsageSpec.JSON)).map(n -> new UsageSpec(n, null));
    }
    if (agent.mapping("usage").isEmpty()) {
      return Optional.empty();
    }
    Fields f = agent.child("usage");
    List<String> allowed = new ArrayList<>(List.of("extractor"));
    allowed.addAll(UsageSpec.FIGURES);
    f.allowOnly(allowed);
    Optional<String> extractor = f.choice("extractor", UsageSpec.EXTRACTORS);
    if (!f.has("extractor")) {
      f.report(
          null,
          "'usage' needs 'extractor' (one of " + String.join(", ", UsageSpec.EXTRACTORS) + ")");
    }
    Map<String, String> paths = new LinkedHashMap<>();
    for (String figure : UsageSpec.FIGURES) {
      f.string(figure).ifPresent(path -> paths.put(figure, path));
    }
    if (extractor.isEmpty()) {
      return Optional.empty();
    }
    if (!extractor.get().equals(UsageSpec.JSON)) {
      if (!paths.isEmpty()) {
        f.report(
            null,
            "paths of figures belong to 'extractor: json'; '"
                + extractor.get()
                + "' knows where its tool reports usage");
      }
      return Optional.of(new UsageSpec(extractor.get(), null));
    }
    if (!paths.containsKey("input_tokens")
        && !paths.containsKey("output_tokens")
        && !paths.containsKey("cost_usd")) {
      f.report(
          null,
          "'extractor: json' needs the path of at least one of input_tokens, output_tokens or"
              + " cost_usd");
      return Optional.empty();
    }
    return Optional.of(new UsageSpec(UsageSpec.JSON, paths));
  }

  /** {@code price: {input_per_mtok: 3, output_per_mtok: 15}}: USD per million tokens. */
  static Optional<Price> price(Fields agent, boolean reportsTokens) {
    if (agent.node("price").isEmpty() || agent.mapping("price").isEmpty()) {
      return Optional.empty();
    }
    Fields f = agent.child("price");
    f.allowOnly(PRICE_KEYS);
    Optional<Double> in = nonNegative(f, "input_per_mtok");
    Optional<Double> out = nonNegative(f, "output_per_mtok");
    if (!f.has("input_per_mtok") && !f.has("output_per_mtok")) {
      f.report(null, "'price' needs input_per_mtok or output_per_mtok (USD per million tokens)");
      return Optional.empty();
    }
    if (!reportsTokens) {
      agent.report(
          "price",
          "'price' turns tokens into cost, but this agent reports no tokens: give it a 'usage'"
              + " extractor (claude, codex, gemini or json)");
      return Optional.empty();
    }
    return Optional.of(new Price(in.orElse(0.0), out.orElse(0.0)));
  }

  private static Optional<Double> nonNegative(Fields f, String key) {
    return f.number(key)
        .filter(
            d -> {
              if (d < 0) {
                f.report(key, f.name(key) + " must not be negative");
                return false;
              }
              return true;
            });
  }
}
