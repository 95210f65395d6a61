package dev.skein.engine;

import dev.skein.contract.FailureTypes;
import dev.skein.model.Budget;
import dev.skein.model.Budgets;
import dev.skein.run.ErrorInfo;
import dev.skein.run.Usage;
import java.util.Collection;
import java.util.Optional;

/**
 * The budgets of a run: before each call the dispatcher asks whether the run's or the step's budget
 * still allows it, counting what was spent plus an estimate for the calls in flight (the average of
 * the calls that reported usage). Only recorded results count, so replay agrees.
 */
final class BudgetGuard {

  /** Which budget a refusal is about, and the error the step or run ends with. */
  record Refusal(boolean runWide, boolean cancelInFlight, ErrorInfo error) {}

  private final Budgets budgets;
  private BudgetRaise raised;

  BudgetGuard(Budgets budgets, BudgetRaise raised) {
    this.budgets = budgets;
    this.raised = raised;
  }

  boolean any() {
    return budgets.any();
  }

  /** The run's budget with every raise so far; empty without one. */
  Optional<Budget> runBudget() {
    return budgets.run().map(b -> raised == null ? b : b.plus(raised.addUsd(), raised.addTokens()));
  }

  BudgetRaise raised() {
    return raised;
  }

  void raise(BudgetRaise more) {
    raised = raised == null ? more : raised.plus(more);
  }

  /** Whether one more call of {@code step} must not start, given what is in flight now. */
  Optional<Refusal> beforeLaunch(StepState step, Collection<StepState> steps, int callsInFlight) {
    Optional<Budget> own = budgets.step(step.id());
    if (own.isPresent()
        && own.get()
            .usedUpBy(step.usage, estimate(step.usage, step.callsReported, step.inFlight))) {
      return Optional.of(stepRefusal(step, own.get()));
    }
    return runRefusal(steps, callsInFlight);
  }

  /** After a completion: a budget already used up, with nothing estimated. */
  Optional<Refusal> usedUp(StepState step, Collection<StepState> steps) {
    Optional<Budget> own = budgets.step(step.id());
    if (own.isPresent() && own.get().usedUpBy(step.usage, null)) {
      return Optional.of(stepRefusal(step, own.get()));
    }
    return runRefusal(steps, 0);
  }

  /** The run's budget, if it is used up already. */
  Optional<Refusal> runUsedUp(Collection<StepState> steps) {
    return runRefusal(steps, 0);
  }

  /** The run's spend: every step's, failed attempts included. */
  static Usage spent(Collection<StepState> steps) {
    return Usage.sum(steps.stream().map(s -> s.usage).toList());
  }

  private Optional<Refusal> runRefusal(Collection<StepState> steps, int callsInFlight) {
    Optional<Budget> run = runBudget();
    if (run.isEmpty()) {
      return Optional.empty();
    }
    Usage spent = spent(steps);
    int reported = steps.stream().mapToInt(s -> s.callsReported).sum();
    if (!run.get().usedUpBy(spent, estimate(spent, reported, callsInFlight))) {
      return Optional.empty();
    }
    String message =
        "the run's budget is used up: "
            + run.get().describe(spent)
            + "; nothing more starts (raise it with the 'budget' update: skein budget ID"
            + " --add-usd N)";
    return Optional.of(
        new Refusal(
            true,
            run.get().cancelInFlight(),
            new ErrorInfo(FailureTypes.BUDGET_EXCEEDED, message, false)));
  }

  private static Refusal stepRefusal(StepState step, Budget budget) {
    String message =
        "step '"
            + step.id()
            + "' used up its budget: "
            + budget.describe(step.usage)
            + (step.tasks == null ? "" : "; its remaining tasks did not start");
    return new Refusal(
        false,
        budget.cancelInFlight(),
        new ErrorInfo(FailureTypes.BUDGET_EXCEEDED, message, false));
  }

  /** What {@code inFlight} more calls will likely spend: the average of those that reported. */
  private static Usage estimate(Usage spent, int reported, int inFlight) {
    if (spent == null || reported == 0 || inFlight <= 0) {
      return null;
    }
    double k = (double) inFlight / reported;
    return new Usage(
        Math.round(spent.inputTokens() * k),
        Math.round(spent.outputTokens() * k),
        Math.round(spent.cachedTokens() * k),
        spent.costUsd() == null ? null : spent.costUsd() * k);
  }
}
