package dev.skein.clients;

import dev.skein.testkit.TemporalCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The programs outside Maven these tests run: Python with the Temporal SDK from the project's venv,
 * Node.js with the npm packages of a folder, Debian's Chromium. A missing one fails the test with
 * the sentence that says how to install it: the tests are part of every build, not optional.
 */
final class Tools {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final int NODE_MAJOR = 20;
  private static final Set<String> installed = new HashSet<>();

  private Tools() {}

  /** The project venv's Python, which {@code tools/install-tools} gives {@code temporalio}. */
  static Path python() {
    Path python = TemporalCli.binary().resolveSibling("python");
    Subprocess.Result probe =
        Subprocess.of(python.toString(), "-c", "import temporalio, yaml")
            .timeout(Duration.ofSeconds(30))
            .run();
    if (probe.exit() != 0) {
      throw new IllegalStateException(
          "The Python client's packages are not installed in "
              + python.getParent().getParent()
              + ": run "
              + Repository.path("tools/install-tools")
              + " (.ci/run does), then run the tests again.\n"
              + probe.err());
    }
    return python;
  }

  /** {@code node}, version 20 or later. */
  static String node() {
    Subprocess.Result version;
    try {
      version = Subprocess.of("node", "--version").timeout(Duration.ofSeconds(30)).run();
    } catch (RuntimeException e) {
      throw missingNode("node is not on PATH");
    }
    Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(version.out().strip());
    if (version.exit() != 0 || !major.find()) {
      throw missingNode("node --version said: " + version);
    }
    if (Integer.parseInt(major.group(1)) < NODE_MAJOR) {
      throw missingNode("found " + version.out().strip());
    }
    return "node";
  }

  private static IllegalStateException missingNode(String why) {
    return new IllegalStateException(
        "Node.js "
            + NODE_MAJOR
            + "+ with npm is needed for this test and missing ("
            + why
            + "); CI machines have it. Install it (Debian: apt-get install nodejs npm), then run"
            + " the tests again.");
  }

  /** Debian's Chromium, which the UI test drives; never a browser a tool downloads. */
  static Path chromium() {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(
          "Chromium is missing ("
              + CHROMIUM
              + " is not there): .ci/run installs it (apt-get install chromium, as root); install"
              + " it, then run the tests again.");
    }
    return CHROMIUM;
  }

  /**
   * The pinned npm packages of {@code folder} (its committed package-lock.json), through {@code
   * tools/install-npm}: {@code npm ci} when node_modules does not match the lockfile, nothing
   * otherwise. Once per JVM.
   */
  static synchronized void npmPackages(String folder) {
    node();
    if (installed.contains(folder)) {
      return;
    }
    Subprocess.Result install =
        Subprocess.of(Repository.path("tools/install-npm").toString(), folder)
            .timeout(Duration.ofMinutes(5))
            .run();
    if (install.exit() != 0) {
      throw new IllegalStateException("tools/install-npm " + folder + " failed:\n" + install);
    }
    installed.add(folder);
  }

  /** {@code npm run <script>} in {@code folder}, once per JVM; it must succeed. */
  static synchronized void npmRun(String folder, String script) {
    String key = folder + " " + script;
    if (installed.contains(key)) {
      return;
    }
    Subprocess.Result run =
        Subprocess.of(List.of("npm", "run", "--silent", script))
            .directory(Repository.path(folder))
            .timeout(Duration.ofMinutes(3))
            .run();
    if (run.exit() != 0) {
      throw new IllegalStateException("npm run " + script + " failed in " + folder + ":\n" + run);
    }
    installed.add(key);
  }
}
