package dev.skein.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skein.client.ListedStatus;
import dev.skein.client.RunListing;
import dev.skein.client.RunQuery;
import dev.skein.client.SkeinClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List runs from the Temporal service's visibility store: running ones first, then the most"
          + " recently closed.",
      "Needs a real Temporal server (the in-memory one keeps no visibility store: exit 2) and,"
          + " for --pipeline and --retry-of, Skein's search attributes (workers register them; see skein setup)."
    })
final class ListCommand implements Callable<Integer> {

  @Mixin ConnectionOptions connection;

  @Option(names = "--pipeline", paramLabel = "NAME", description = "Only runs of this pipeline.")
  String pipeline;

  @Option(
      names = "--retry-of",
      paramLabel = "WORKFLOW_ID",
      description = "Only the retries of this run (skein retry, or resume_from in the input).")
  String retryOf;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Only runs in this status: ${COMPLETION-CANDIDATES}.")
  ListedStatus status;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N runs (default: ${DEFAULT-VALUE}).")
  int limit = RunQuery.DEFAULT_LIMIT;

  @Option(
      names = "--waiting",
      description =
          "Only running runs with a gate waiting for a decision (an approval, or a failure under"
              + " on_error: pause): SkeinStatus = 'waiting'.")
  boolean waiting;

  @Option(names = "--json", description = "Print the runs as a JSON array.")
  boolean json;

  @Override
  public Integer call() {
    RunQuery query;
    try {
      query = RunQuery.all().limit(limit);
      if (pipeline != null) {
        query = query.pipeline(pipeline);
      }
      if (status != null) {
        query = query.status(status);
      }
      if (retryOf != null) {
        query = query.retryOf(retryOf);
      }
      if (waiting) {
        query = query.waiting();
      }
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage() + ".");
    }
    List<RunListing> runs;
    try (SkeinClient client = SkeinClient.connect(connection.resolve())) {
      runs = client.list(query);
    }
    System.out.print(json ? Format.json(jsonOf(runs)) + "\n" : table(runs));
    return ExitCodes.OK;
  }

  static ArrayNode jsonOf(List<RunListing> runs) {
    ArrayNode array = Format.JSON.createArrayNode();
    for (RunListing run : runs) {
      ObjectNode o = array.addObject();
      o.put("workflow_id", run.workflowId());
      o.put("run_id", run.runId());
      o.put("pipeline", run.pipeline().orElse(null));
      o.put("status", run.status().wireName());
      o.put("started_at", run.startedAt().toString());
      o.put("closed_at", run.closedAt().map(Instant::toString).orElse(null));
      run.costUsd().ifPresent(cost -> o.put("cost_usd", cost));
    }
    return array;
  }

  static String table(List<RunListing> runs) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "PIPELINE", "STATUS", "STARTED", "CLOSED", "COST"});
    for (RunListing run : runs) {
      rows.add(
          new String[] {
            run.workflowId(),
            run.pipeline().orElse("-"),
            run.status().wireName(),
            time(Optional.of(run.startedAt())),
            time(run.closedAt()),
            run.costUsd().map(ListCommand::cost).orElse("")
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String cost(double usd) {
    return Format.cost(new dev.skein.run.Usage(0, 0, 0, usd));
  }

  private static String time(Optional<Instant> at) {
    return at.map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("-");
  }
}
