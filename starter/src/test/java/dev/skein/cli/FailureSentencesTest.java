package dev.skein.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command in every failure that needs no service (bad files, bad documents, bad inputs, bad
 * flags, bad settings, an address where nothing answers): the documented exit code and sentences
 * without a Java class name or a stack trace. The failures with a service are in {@link
 * FailureMessagesTest}; these run the command in this JVM (SkeinMain.execute, the code main runs),
 * which takes milliseconds where a child JVM takes a second.
 */
class FailureSentencesTest {

  @TempDir static Path dir;

  @BeforeAll
  static void files() throws Exception {
    Files.writeString(
        dir.resolve("ok.yaml"), "name: ok\ninputs: {who: x}\nsteps:\n  - id: a\n    prompt: hi\n");
    Files.writeString(dir.resolve("syntax.yaml"), "name: s\nsteps:\n  - id: a\n  prompt: x\n");
    Files.writeString(dir.resolve("invalid.yaml"), "name: i\nsteps:\n  - id: a\n    agent: nope\n");
    Files.writeString(dir.resolve("binary.yaml"), "name: \u0001\n");
    Files.writeString(dir.resolve("list.json"), "[1, 2]");
    Files.writeString(dir.resolve("broken.json"), "{\"a\": ");
    Files.writeString(dir.resolve("policy.yaml"), "allow_secrets: [\n");
  }

  /** One command line, its exit code, and a word its stderr must hold. */
  private record Case(int exit, String says, String... args) {}

  private static final String NOWHERE = "127.0.0.1:1";

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String command : List.of("run", "start", "validate", "graph")) {
      cases.add(new Case(2, "nothere.yaml", command, "nothere.yaml"));
      cases.add(new Case(2, "syntax error at column 3", command, "syntax.yaml"));
      cases.add(new Case(2, "nope", command, "invalid.yaml"));
      cases.add(new Case(2, "control character", command, "binary.yaml"));
    }
    for (String command : List.of("run", "start")) {
      cases.add(new Case(2, "key=value", command, "ok.yaml", "-i", "novalue"));
      cases.add(new Case(2, "not declared", command, "ok.yaml", "-i", "whom=y"));
      cases.add(new Case(2, "JSON object", command, "ok.yaml", "--inputs", "list.json"));
      cases.add(new Case(2, "broken.json", command, "ok.yaml", "--inputs", "broken.json"));
      cases.add(new Case(2, "missing.json", command, "ok.yaml", "--inputs", "missing.json"));
      cases.add(new Case(2, "Storage", command, "ok.yaml", "--storage", "bogus"));
    }
    for (String command :
        List.of("watch", "status", "result", "cancel", "timeline", "retry", "budget")) {
      cases.add(new Case(2, "--frobnicate", command, "x", "--frobnicate"));
      cases.add(new Case(2, "WORKFLOW_ID", command));
    }
    // The other commands where nothing answers: FailureMessagesTest.
    cases.add(new Case(2, "--add-usd", "budget", "x", "--address", NOWHERE));
    cases.add(new Case(3, NOWHERE, "budget", "x", "--add-usd", "1", "--address", NOWHERE));
    cases.add(new Case(2, "bogus", "list", "--status", "bogus"));
    cases.add(new Case(2, "--limit", "list", "--limit", "many"));
    cases.add(new Case(2, "not both", "graph", "--run", "x", "ok.yaml"));
    cases.add(new Case(2, "needs a pipeline FILE", "graph"));
    cases.add(new Case(2, "bogus", "graph", "ok.yaml", "--format", "bogus"));
    cases.add(new Case(2, "nope.yaml", "retry", "x", "--file", "nope.yaml", "--address", NOWHERE));
    cases.add(new Case(2, "policy.yaml", "worker", "--policy", "policy.yaml"));
    cases.add(new Case(2, "missing-policy.yaml", "worker", "--policy", "missing-policy.yaml"));
    cases.add(new Case(2, "Storage", "worker", "--storage", "bogus"));
    cases.add(new Case(2, "--port", "dev-server", "--port", "many"));
    cases.add(new Case(2, "frobnicate", "frobnicate"));
    cases.add(new Case(2, "Missing command", new String[0]));
    cases.add(
        new Case(
            2,
            "Cannot read the TLS client certificate",
            "status",
            "x",
            "--tls-cert-path",
            "/nonexistent/cert.pem"));
    return cases;
  }

  @Test
  void everyFailureIsItsExitCodeAndSentencesWithoutJavaNames() {
    List<String> wrong = new ArrayList<>();
    for (Case c : cases()) {
      Cli.Result r = inProcess(c.args());
      String line = "skein " + String.join(" ", c.args()) + "\n" + r;
      if (FailureMessagesTest.JAVA.matcher(r.out() + r.err()).find()) {
        wrong.add("Java names or a stack trace: " + line);
      } else if (r.exit() != c.exit()) {
        wrong.add("exit " + r.exit() + ", not " + c.exit() + ": " + line);
      } else if (!r.err().toLowerCase().contains(c.says().toLowerCase())) {
        wrong.add("stderr does not say '" + c.says() + "': " + line);
      }
    }
    assertThat(wrong).isEmpty();
  }

  /** Runs skein in this JVM with the working directory's files named relative to it. */
  private static Cli.Result inProcess(String... args) {
    String[] resolved = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      resolved[i] =
          args[i].matches("[\\w-]+\\.(yaml|json)") ? dir.resolve(args[i]).toString() : args[i];
    }
    return Cli.captured(() -> SkeinMain.execute(resolved));
  }
}
