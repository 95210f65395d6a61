package dev.skein.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the benchmark: each scenario's Skein run and its baselines on one Temporal service
 * (in-memory, or a real {@code temporal server start-dev} with {@code --server real}), alternating,
 * then prints a table and writes JSON.
 *
 * <pre>
 * java -jar bench/target/skein-bench.jar [--smoke] [--reps N] [--out FILE] [--no-sticky] [--server in-memory|real] [--only id,id]
 * </pre>
 *
 * Exits 0 when every scenario ran (whether or not its targets hold: the benchmark reports), 1 when
 * a scenario failed, 2 on bad usage.
 */
public final class BenchMain {

  static final List<Scenario> SCENARIOS =
      List.of(
          new PerStepOverhead(),
          new WideLevel(),
          new CompletionVisibility(),
          new UnbalancedDag(),
          new MemoryFootprint(),
          new LargeOutputs(),
          new WideFanOut(),
          new ColdStart());

  private static final String USAGE =
      "usage: skein-bench [--smoke] [--reps N] [--out FILE] [--no-sticky]"
          + " [--server in-memory|real] [--only "
          + String.join(",", SCENARIOS.stream().map(Scenario::id).toList())
          + "]";

  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** Runs the benchmark and returns the process exit code. */
  public static int run(String[] args, PrintStream out) {
    BenchConfig config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      return 2;
    }
    List<ScenarioResult> results = new ArrayList<>();
    try (BenchEnvironment env = new BenchEnvironment(config.sticky(), config.server())) {
      for (Scenario scenario : SCENARIOS) {
        if (config.selected(scenario.id())) {
          results.add(runOne(scenario, env, config, out));
          // Written after every scenario, so a long run stopped part-way keeps what it measured.
          writeQuietly(config.out(), Report.json(config, results));
        }
      }
    }
    ObjectNode report = Report.json(config, results);
    try {
      write(config.out(), report);
    } catch (IOException e) {
      System.err.println("cannot write " + config.out() + ": " + e.getMessage());
      return 1;
    }
    Report.summary(results, out);
    out.println("results written to " + config.out());
    return results.stream().anyMatch(r -> r.getError() != null) ? 1 : 0;
  }

  private static ScenarioResult runOne(
      Scenario scenario, BenchEnvironment env, BenchConfig config, PrintStream out) {
    ScenarioResult result = new ScenarioResult(scenario.id(), scenario.title(config));
    out.println("running " + scenario.id() + ": " + result.getTitle() + " ...");
    try {
      scenario.run(env, config, result);
    } catch (Exception | AssertionError e) {
      result.failed(e);
      e.printStackTrace();
    }
    Report.table(result, config, out);
    return result;
  }

  static BenchConfig parse(String[] args) {
    boolean smoke = false;
    int reps = -1;
    Path out = Path.of("bench-results", "bench.json");
    Set<String> only = new LinkedHashSet<>();
    boolean sticky = true;
    BenchServer server = BenchServer.IN_MEMORY;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> smoke = true;
        case "--no-sticky" -> sticky = false;
        case "--reps" -> reps = positive(value(args, ++i, "--reps"));
        case "--server" -> server = BenchServer.parse(value(args, ++i, "--server"));
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--only" -> only.addAll(List.of(value(args, ++i, "--only").split(",")));
        case "-h", "--help" -> throw new IllegalArgumentException("Skein benchmark");
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    for (String id : only) {
      if (SCENARIOS.stream().noneMatch(s -> s.id().equals(id))) {
        throw new IllegalArgumentException("unknown scenario: " + id);
      }
    }
    if (reps < 0) {
      reps = smoke ? 1 : 5;
    }
    return new BenchConfig(smoke, reps, out, Set.copyOf(only), sticky, server);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--reps must be a positive number: " + text);
  }

  private static void writeQuietly(Path file, ObjectNode report) {
    try {
      write(file, report);
    } catch (IOException e) {
      // reported by the final write
    }
  }

  private static void write(Path file, ObjectNode report) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
  }
}
