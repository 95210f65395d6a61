package dev.skein.agents.usage;

/** Reads usage from what a command agent's tool printed ({@code usage:} of a command agent). */
public interface UsageExtractor {

  /** Never throws: output that does not have the tool's shape reports nothing. */
  Extraction extract(String stdout);
}
