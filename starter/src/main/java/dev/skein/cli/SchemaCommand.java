package dev.skein.cli;

import dev.skein.parse.PipelineSchema;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the pipeline language's JSON Schema, for editors and other tools. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Print the JSON Schema (draft 2020-12) of pipeline files on stdout: the same file as"
          + " docs/skein-pipeline.schema.json. Editors use it to complete and check pipelines"
          + " (see docs/language.md); skein validate checks more than the schema can.",
      "Exit: 0."
    })
final class SchemaCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(PipelineSchema.text());
    out.flush();
    return ExitCodes.OK;
  }
}
