package dev.skein.bench;

import java.util.Locale;

/** Which Temporal service the benchmark runs on ({@code --server}). */
enum BenchServer {
  /** Temporal's in-memory service in this JVM ({@code TestWorkflowEnvironment}, real time). */
  IN_MEMORY,
  /**
   * The real server, {@code temporal server start-dev} of the pinned CLI, as a child process on
   * free ports with a fresh SQLite file: persistence, gRPC and the matching service's real costs.
   */
  REAL;

  static BenchServer parse(String text) {
    return switch (text) {
      case "in-memory" -> IN_MEMORY;
      case "real" -> REAL;
      default -> throw new IllegalArgumentException("--server must be in-memory or real: " + text);
    };
  }

  String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
