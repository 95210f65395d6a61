package dev.skein.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skein.agents.policy.AgentPolicy;
import dev.skein.agents.policy.PolicyFile;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.parse.ConditionWarnings;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import dev.skein.parse.Problem;
import dev.skein.plan.SizeWarnings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check pipeline files without starting anything; every problem is listed, and warnings"
          + " (on stderr) say what is likely to run into one of Temporal's size limits or what"
          + " can never happen.",
      "With --policy, also what a worker with that policy file would refuse the pipeline's"
          + " agents (secrets, hosts, programs), before anything runs.",
      "Exit: 0 all valid (warnings or not), 2 some file is invalid or the policy refuses one of"
          + " its agents."
    })
final class ValidateCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Pipeline files.")
  List<Path> files;

  @Option(
      names = "--json",
      description =
          "Print every problem and warning as a JSON array of records {file, line, step,"
              + " message, severity} on stdout, and nothing else.")
  boolean json;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "A worker policy file (as skein worker --policy takes): report, as records of severity"
              + " 'refused', every agent it would refuse and why.")
  Path policyFile;

  /** One problem or warning, for {@code --json}; line and step are left out when unknown. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Record(String file, Integer line, String step, String message, String severity) {
    static Record of(Path file, Problem p, String severity) {
      return new Record(
          p.source().orElse(file.toString()),
          p.line().orElse(null),
          p.step().orElse(null),
          p.message(),
          severity);
    }
  }

  @Override
  public Integer call() {
    Optional<AgentPolicy> policy = policy();
    int exit = ExitCodes.OK;
    List<Record> records = new ArrayList<>();
    for (Path file : files) {
      try {
        PipelineDocument document = PipelineDocument.read(file);
        Pipeline pipeline = PipelineParser.parse(document);
        if (!json) {
          System.out.printf(
              "%s: valid: pipeline '%s', %s%n",
              file, pipeline.name(), Words.count(pipeline.steps().size(), "step"));
        }
        for (Problem warning : ConditionWarnings.of(document, pipeline)) {
          records.add(Record.of(file, warning, "warning"));
          if (!json) {
            System.err.println(
                warning.source().orElse(file.toString())
                    + warning.line().map(l -> ":" + l).orElse("")
                    + ": warning: "
                    + warning.step().map(s -> "step '" + s + "': ").orElse("")
                    + warning.message());
          }
        }
        for (String warning : SizeWarnings.of(pipeline)) {
          records.add(new Record(file.toString(), null, null, warning, "warning"));
          if (!json) {
            System.err.println(file + ": warning: " + warning);
          }
        }
        if (policy.isPresent()) {
          List<Record> refused = refusals(file, pipeline, policy.get());
          records.addAll(refused);
          refused.forEach(r -> printRefusal(r));
          if (!refused.isEmpty()) {
            exit = ExitCodes.USAGE;
          }
        }
      } catch (InvalidPipelineException e) {
        e.problems().forEach(p -> records.add(Record.of(file, p, "error")));
        if (!json) {
          printProblems(file, e.problems());
        }
        exit = ExitCodes.USAGE;
      }
    }
    if (json) {
      System.out.println(Format.json(records));
    }
    return exit;
  }

  private Optional<AgentPolicy> policy() {
    if (policyFile == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(PolicyFile.read(policyFile));
    } catch (IllegalArgumentException e) {
      throw CliException.usage("Policy: " + e.getMessage() + ".");
    }
  }

  /**
   * What the worker policy refuses each agent the steps use, at the first step that uses it: the
   * worker would fail that step with AgentNotAllowed.
   */
  static List<Record> refusals(Path file, Pipeline pipeline, AgentPolicy policy) {
    List<Record> records = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Step step : pipeline.steps()) {
      Optional<String> name = step.agent();
      if (name.isEmpty() || !seen.add(name.get())) {
        continue;
      }
      pipeline
          .agent(name.get())
          .ifPresent(
              agent -> {
                for (String why : policy.refusals(agent)) {
                  records.add(
                      new Record(
                          file.toString(),
                          null,
                          step.id(),
                          "agent '" + name.get() + "': " + why,
                          "refused"));
                }
              });
    }
    return records;
  }

  private void printRefusal(Record r) {
    if (!json) {
      System.err.println(
          r.file() + ": refused by the policy: step '" + r.step() + "': " + r.message());
    }
  }

  static void printProblems(Path file, List<Problem> problems) {
    for (Problem p : problems) {
      String line = p.toString();
      System.err.println(p.source().isPresent() ? line : file + ": " + line);
    }
  }
}
