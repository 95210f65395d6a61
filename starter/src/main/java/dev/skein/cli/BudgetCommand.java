package dev.skein.cli;

import dev.skein.client.BudgetRefusedException;
import dev.skein.client.RunHandle;
import dev.skein.engine.BudgetView;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "budget",
    mixinStandardHelpOptions = true,
    description = {
      "Raise a running run's budget (its top-level 'budget'), through the workflow's 'budget'"
          + " update, and print the budget and what the run has spent.",
      "A run that stopped starting work because its budget was used up goes on if the raise"
          + " covers it. Refused (exit 2, nothing recorded) when the run has no budget, no such"
          + " limit, or has already stopped."
    })
final class BudgetCommand extends ExistingRunCommand {

  @Option(names = "--add-usd", paramLabel = "USD", description = "Dollars to add to max_cost_usd.")
  double addUsd;

  @Option(names = "--add-tokens", paramLabel = "N", description = "Tokens to add to max_tokens.")
  long addTokens;

  @Override
  void checkArguments() {
    if (addUsd <= 0 && addTokens <= 0) {
      throw CliException.usage("Say how much to add: --add-usd USD or --add-tokens N (positive).");
    }
  }

  @Override
  int call(RunHandle run) {
    BudgetView view;
    try {
      view = run.raiseBudget(Math.max(0, addUsd), Math.max(0, addTokens));
    } catch (BudgetRefusedException e) {
      throw CliException.usage(e.getMessage());
    }
    StringBuilder line = new StringBuilder("Budget of ").append(run.workflowId()).append(':');
    if (view.maxCostUsd() != null) {
      line.append(String.format(Locale.ROOT, " max_cost_usd %.4f", view.maxCostUsd()));
    }
    if (view.maxTokens() != null) {
      line.append(" max_tokens ").append(view.maxTokens());
    }
    line.append("; spent ")
        .append(view.spent() == null ? "nothing yet" : Format.tokens(view.spent()) + " tokens");
    if (view.spent() != null && view.spent().costUsd() != null) {
      line.append(", ").append(Format.cost(view.spent()));
    }
    System.out.println(line);
    return ExitCodes.OK;
  }
}
