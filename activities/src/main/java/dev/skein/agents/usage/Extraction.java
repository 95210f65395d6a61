package dev.skein.agents.usage;

import dev.skein.run.Usage;
import java.util.Optional;

/**
 * What an extractor found in a tool's output: its usage, and the answer text when the tool wraps it
 * in a JSON envelope (Claude's {@code result}, Gemini's {@code response}, Codex's last agent
 * message), so the step's output is the answer and not the envelope.
 */
public record Extraction(Optional<Usage> usage, Optional<String> text) {

  public static final Extraction NOTHING = new Extraction(Optional.empty(), Optional.empty());
}
