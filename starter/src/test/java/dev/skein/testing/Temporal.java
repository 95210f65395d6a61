package dev.skein.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.testkit.TemporalCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real {@code temporal} command against one service, as a user types it. */
public final class Temporal {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private final String address;

  public Temporal(String address) {
    this.address = address;
  }

  /** {@code temporal args... --address A}. */
  public TemporalCli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--address");
    all.add(address);
    return TemporalCli.run(LIMIT, all.toArray(String[]::new));
  }

  /** Runs and fails the test unless the command exits 0. */
  public TemporalCli.Result ok(String... args) {
    TemporalCli.Result r = run(args);
    if (r.exit() != 0) {
      throw new AssertionError("temporal " + String.join(" ", args) + ": " + r);
    }
    return r;
  }

  /** {@code temporal workflow start --type AgentPipeline --task-queue skein --input-file F}. */
  public void start(String workflowId, Path inputFile) {
    ok(
        "workflow",
        "start",
        "--type",
        "AgentPipeline",
        "--task-queue",
        "skein",
        "--workflow-id",
        workflowId,
        "--input-file",
        inputFile.toString());
  }

  /** {@code temporal workflow query -o json}'s answer. */
  public JsonNode query(String workflowId, String name, String... inputs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "workflow", "query", "--workflow-id", workflowId, "--name", name, "-o", "json"));
    for (String input : inputs) {
      args.add("--input");
      args.add(input);
    }
    JsonNode printed = json(ok(args.toArray(String[]::new)));
    JsonNode answer = printed.path("queryResult");
    return answer.isArray() && answer.size() == 1 ? answer.get(0) : answer;
  }

  /** The command's stdout as JSON. */
  public static JsonNode json(TemporalCli.Result result) {
    try {
      return JSON.readTree(result.out());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + result, e);
    }
  }
}
