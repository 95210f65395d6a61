package dev.skein.agents.usage;

import dev.skein.model.Price;
import dev.skein.model.UsageSpec;
import dev.skein.run.Usage;

/** The extractor a {@code usage:} names, and pricing where a tool reports no cost. */
public final class UsageExtractors {

  private static final UsageExtractor NONE = stdout -> Extraction.NOTHING;

  private UsageExtractors() {}

  public static UsageExtractor of(UsageSpec spec) {
    if (spec == null) {
      return NONE;
    }
    return switch (spec.extractor()) {
      case UsageSpec.CLAUDE -> new ClaudeUsage();
      case UsageSpec.CODEX -> new CodexUsage();
      case UsageSpec.GEMINI -> new GeminiUsage();
      case UsageSpec.JSON -> new JsonPathUsage(spec.paths());
      default -> NONE;
    };
  }

  /** {@code usage} with its cost from {@code price} when the tool reported none. */
  public static Usage priced(Usage usage, Price price) {
    if (usage == null || price == null || usage.costUsd() != null) {
      return usage;
    }
    return new Usage(
        usage.inputTokens(),
        usage.outputTokens(),
        usage.cachedTokens(),
        price.cost(usage.inputTokens(), usage.outputTokens()));
  }
}
