package dev.skein.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The benchmark's output: a table per scenario on the console, one JSON document on disk. */
final class Report {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Report() {}

  static void table(ScenarioResult result, BenchConfig config, PrintStream out) {
    out.printf(
        "%n== %s (median of %d, %s server)%n",
        result.getTitle(), config.reps(), config.server().wireName());
    if (result.getError() != null) {
      out.println("   ERROR " + result.getError());
      return;
    }
    for (ScenarioResult.Metric metric : result.getMetrics()) {
      out.printf(Locale.ROOT, "   %-36s %12.2f %s%n", metric.name(), metric.value(), metric.unit());
    }
    for (ScenarioResult.Target target : result.getTargets()) {
      out.printf(
          Locale.ROOT,
          "   target: %-52s %10.2f  %s%n",
          target.rule(),
          target.value(),
          target.holds() ? "HOLDS" : "MISSED");
    }
  }

  static void summary(List<ScenarioResult> results, PrintStream out) {
    out.println();
    out.println("== targets");
    for (ScenarioResult result : results) {
      if (result.getError() != null) {
        out.printf("   %-60s ERROR%n", result.getId());
      }
      for (ScenarioResult.Target target : result.getTargets()) {
        out.printf("   %-60s %s%n", target.rule(), target.holds() ? "HOLDS" : "MISSED");
      }
    }
  }

  static ObjectNode json(BenchConfig config, List<ScenarioResult> results) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("date", Instant.now().toString());
    root.put("mode", config.smoke() ? "smoke" : "full");
    root.put("reps", config.reps());
    root.put("sticky", config.sticky());
    root.put("server", config.server().wireName());
    root.set("machine", machine());
    root.set("scenarios", MAPPER.valueToTree(results));
    return root;
  }

  private static ObjectNode machine() {
    ObjectNode machine = MAPPER.createObjectNode();
    machine.put("cpus", Runtime.getRuntime().availableProcessors());
    machine.put("memory_total", memTotal());
    machine.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    machine.put(
        "java",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put(
        "jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    return machine;
  }

  private static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(line -> line.startsWith("MemTotal:"))
          .map(line -> line.substring("MemTotal:".length()).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
