package dev.skein.testkit;

/**
 * Which Temporal service a test runs on. Tests that talk to a service run on both, through JUnit's
 * {@code @ParameterizedClass @EnumSource(Tier.class)} (or {@code @ParameterizedTest} for a single
 * method); each module maps a tier to its own way of reaching that service.
 */
public enum Tier {
  /**
   * Temporal's Java in-memory test server (behind {@code TestWorkflowEnvironment}, the embedded
   * service and {@code skein dev-server}): fast, but it enforces no payload limits and never times
   * out a sticky queue.
   */
  IN_MEMORY("in-memory test server"),

  /**
   * The real server, {@code temporal server start-dev} (Server 1.32 with SQLite), as users run it
   * locally; self-hosted clusters and Temporal Cloud run the same server code.
   */
  REAL_SERVER("real temporal server");

  private final String label;

  Tier(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }
}
