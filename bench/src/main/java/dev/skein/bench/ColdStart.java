package dev.skein.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 8: a cold {@code ./skein run} of a one-step pipeline on the embedded service, as a new
 * process each time, against {@code java -version} in the same run (the JVM's own floor on this
 * machine at this moment: the ratio holds when the machine is busy and the milliseconds do not).
 * Contenders, alternating: {@code java -version}; the launcher with its class-data-sharing archive
 * (made first if missing); the launcher with {@code SKEIN_CDS=0}. Each run's CPU time (user +
 * system of the process tree) is recorded too.
 *
 * <p>Needs the shaded jar ({@code starter/target/skein.jar}) in the checkout the benchmark runs
 * from; it never builds it. In smoke mode it times {@code java -version} and {@code ./skein
 * --version} once (no jar: {@code java -version} alone).
 */
final class ColdStart implements Scenario {

  /** How long the launcher's background training run may take to leave its archive. */
  private static final long ARCHIVE_WAIT_MS = 180_000;

  private static final String PIPELINE = "name: one\nsteps:\n  - id: greet\n    prompt: hello\n";

  @Override
  public String id() {
    return "cold-start";
  }

  @Override
  public String title(BenchConfig config) {
    return "cold start: ./skein run of a one-step pipeline, against java -version";
  }

  @Override
  public void run(BenchEnvironment env, BenchConfig config, ScenarioResult result)
      throws Exception {
    Optional<Path> root = checkout();
    Path dir = Files.createTempDirectory("skein-cold-start");
    try {
      Path pipeline = dir.resolve("one.yaml");
      Files.writeString(pipeline, PIPELINE);
      List<String> version = List.of(java(), "-version");
      if (root.isEmpty()) {
        if (!config.smoke()) {
          throw new IllegalStateException(
              "no starter/target/skein.jar in this checkout: build it first"
                  + " (mvn -B -q -pl starter -am package -DskipTests)");
        }
        measure(result, "java_version", version, Map.of(), dir);
        report(result, false, false);
        return;
      }
      List<String> skein = List.of(root.get().resolve("skein").toString(), "run", "--plain");
      List<String> run = new ArrayList<>(skein);
      run.add(pipeline.toString());
      Map<String, String> noCds = Map.of("SKEIN_CDS", "0");
      if (config.smoke()) {
        // Proves the launcher and the jar answer, in a second rather than a whole run.
        measure(result, "java_version", version, Map.of(), dir);
        measure(
            result,
            "skein_version",
            List.of(root.get().resolve("skein").toString(), "--version"),
            noCds,
            dir);
        report(result, false, false);
        result.metric("skein_version", result.median("skein_version_ms"), "ms");
        return;
      }
      ensureArchive(root.get(), run, dir);
      // Warm-up: the page cache holds the jar and the archive, as for a user's second command.
      measure(result, "warm_up", run, Map.of(), dir);
      for (int rep = 0; rep < config.reps(); rep++) {
        List<Runnable> order = new ArrayList<>();
        order.add(() -> measureQuietly(result, "java_version", version, Map.of(), dir));
        order.add(() -> measureQuietly(result, "skein_cds", run, Map.of(), dir));
        order.add(() -> measureQuietly(result, "skein_no_cds", run, noCds, dir));
        // Rotate who goes first, so no contender always runs right after another's exit.
        for (int i = 0; i < order.size(); i++) {
          order.get((i + rep) % order.size()).run();
        }
      }
      report(result, true, true);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static void report(ScenarioResult result, boolean skein, boolean cds) {
    double floor = result.median("java_version_ms");
    result.metric("java_version", floor, "ms");
    result.metric("java_version_cpu", result.median("java_version_cpu_ms"), "ms");
    if (skein) {
      double plain = result.median("skein_no_cds_ms");
      result.metric("skein_run_no_cds", plain, "ms");
      result.metric("skein_run_no_cds_cpu", result.median("skein_no_cds_cpu_ms"), "ms");
      result.metric("skein_run_no_cds_vs_java_version", plain / floor, "x");
      result.metric(
          "skein_run_no_cds_vs_java_version_cpu",
          result.median("skein_no_cds_cpu_ms") / result.median("java_version_cpu_ms"),
          "x");
    }
    if (cds) {
      double quick = result.median("skein_cds_ms");
      result.metric("skein_run", quick, "ms");
      result.metric("skein_run_cpu", result.median("skein_cds_cpu_ms"), "ms");
      result.metric("skein_run_vs_java_version", quick / floor, "x");
      result.metric(
          "skein_run_vs_java_version_cpu",
          result.median("skein_cds_cpu_ms") / result.median("java_version_cpu_ms"),
          "x");
      result.atMost("cold run under 3 s", "./skein run of one step <= 3000 ms", quick, 3000);
    }
  }

  /** The launcher makes its archive in the background; run it once and wait for the archive. */
  private static void ensureArchive(Path root, List<String> run, Path dir) throws Exception {
    Path key = root.resolve("starter/target/skein.jsa.key");
    Path lock = root.resolve("starter/target/skein.jsa.lock");
    Timed first = time(run, Map.of(), dir);
    if (first.exit() != 0) {
      throw new IllegalStateException("./skein run failed with exit " + first.exit());
    }
    long deadline = System.currentTimeMillis() + ARCHIVE_WAIT_MS;
    while (!Files.exists(key) || Files.exists(lock)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the launcher made no class-data archive in 3 minutes");
      }
      Thread.sleep(500);
    }
  }

  private static void measureQuietly(
      ScenarioResult result, String who, List<String> command, Map<String, String> env, Path dir) {
    try {
      measure(result, who, command, env, dir);
    } catch (Exception e) {
      throw new IllegalStateException(who + ": " + e.getMessage(), e);
    }
  }

  private static void measure(
      ScenarioResult result, String who, List<String> command, Map<String, String> env, Path dir)
      throws Exception {
    Timed t = time(command, env, dir);
    if (t.exit() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + t.exit());
    }
    result.sample(who + "_ms", t.wallMs());
    result.sample(who + "_cpu_ms", t.cpuMs());
  }

  private record Timed(int exit, double wallMs, double cpuMs) {}

  /**
   * Runs a command under bash, whose {@code times} then reports the CPU its children used; the
   * command's own output is discarded.
   */
  private static Timed time(List<String> command, Map<String, String> env, Path dir)
      throws IOException, InterruptedException {
    List<String> shell = new ArrayList<>();
    shell.add("bash");
    shell.add("-c");
    shell.add("\"$@\" </dev/null >/dev/null 2>&1; rc=$?; times; exit $rc");
    shell.add("cold-start");
    shell.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(shell).directory(dir.toFile());
    // The embedded service, whatever this machine is configured to reach.
    pb.environment().keySet().removeIf(k -> k.startsWith("TEMPORAL_") || k.startsWith("SKEIN_"));
    pb.environment().put("TEMPORAL_CONFIG_FILE", "/nonexistent/skein-bench/temporal.toml");
    pb.environment().put("SKEIN_CONFIG_FILE", "/nonexistent/skein-bench/skein.toml");
    // Time the jar as built: the launcher must not start a Maven build because a source changed.
    pb.environment().put("SKEIN_NO_BUILD", "1");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    long start = System.nanoTime();
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not end in 2 minutes");
    }
    double wall = Stats.millisSince(start);
    return new Timed(p.exitValue(), wall, childCpuMs(new String(out, StandardCharsets.UTF_8)));
  }

  /**
   * The second line of bash's {@code times}: children's user and system time, "0m1.130s 0m0.2s".
   */
  static double childCpuMs(String times) {
    String[] lines = times.strip().split("\n");
    String[] parts = lines[lines.length - 1].strip().split("\\s+");
    double ms = 0;
    for (String part : parts) {
      int m = part.indexOf('m');
      ms +=
          (Double.parseDouble(part.substring(0, m)) * 60
                  + Double.parseDouble(part.substring(m + 1, part.length() - 1)))
              * 1000;
    }
    return ms;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The checkout the benchmark runs in, from the working directory upwards, if its jar is built.
   */
  private static Optional<Path> checkout() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("skein"))
          && Files.isRegularFile(d.resolve("starter/target/skein.jar"))) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
