package dev.skein.cli;

import dev.skein.model.Pipeline;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import dev.skein.parse.Problem;
import dev.skein.plan.SizeWarnings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check pipeline files without starting anything; every problem is listed, and warnings"
          + " (on stderr) say what is likely to run into one of Temporal's size limits.",
      "Exit: 0 all valid (warnings or not), 2 some file is invalid."
    })
final class ValidateCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Pipeline files.")
  List<Path> files;

  @Override
  public Integer call() {
    int exit = ExitCodes.OK;
    for (Path file : files) {
      try {
        Pipeline pipeline = PipelineParser.parse(PipelineDocument.read(file));
        System.out.printf(
            "%s: valid (%s, %d steps)%n", file, pipeline.name(), pipeline.steps().size());
        for (String warning : SizeWarnings.of(pipeline)) {
          System.err.println(file + ": warning: " + warning);
        }
      } catch (InvalidPipelineException e) {
        printProblems(file, e.problems());
        exit = ExitCodes.USAGE;
      }
    }
    return exit;
  }

  static void printProblems(Path file, List<Problem> problems) {
    for (Problem p : problems) {
      String line = p.toString();
      System.err.println(p.source().isPresent() ? line : file + ": " + line);
    }
  }
}
