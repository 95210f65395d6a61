package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.contract.FailureTypes;
import dev.skein.model.Pipeline;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineParser;
import dev.skein.parse.Problem;
import dev.skein.parse.Rules;
import dev.skein.plan.Plan;
import dev.skein.run.ErrorInfo;
import dev.skein.run.ProgressQuery;
import dev.skein.run.RunEvent;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code AgentPipeline} workflow: parses and validates its input with the CLI's own parser,
 * then hands the plan to the {@link Dispatcher}. Register it through {@link
 * PipelineWorkflows#register}.
 */
public class AgentPipelineImpl implements AgentPipeline {

  private RunState state;
  private Dispatcher dispatcher;

  @Override
  public RunResult run(PipelineInput input) {
    WorkflowInfo info = Workflow.getInfo();
    // Before parsing, which issues no commands: a rejected run records its version too.
    int version = EngineVersion.ofThisRun();
    Pipeline pipeline;
    Map<String, JsonNode> inputs;
    try {
      // A continued execution's document was accepted by the one that started the run.
      pipeline =
          parse(
              input,
              input != null && input.continued() != null
                  ? Rules.ACCEPTED
                  : EngineVersion.rules(version));
      inputs = RunInputs.resolve(pipeline, input.inputs());
    } catch (InvalidPipelineException e) {
      RunSearchAttributes.atStart(version, nameOf(input), input).finished(RunStatus.FAILED, null);
      state = new RunState(info.getWorkflowId(), info.getRunId(), nameOf(input), List.of());
      state.runFinished(
          RunStatus.FAILED, new ErrorInfo(FailureTypes.INVALID_PIPELINE, e.getMessage(), false));
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureTypes.INVALID_PIPELINE, state.snapshot());
    }
    RunSearchAttributes attributes = RunSearchAttributes.atStart(version, pipeline.name(), input);
    Plan plan = Plan.of(pipeline);
    CarriedRun carried = input.continued();
    List<StepState> steps =
        pipeline.steps().stream().map(s -> new StepState(s, plan.levelOf(s.id()))).toList();
    if (carried != null) {
      restore(steps, carried);
    }
    state = new RunState(info.getWorkflowId(), info.getRunId(), pipeline.name(), steps, carried);
    Reuse reuse = null;
    if (version >= EngineVersion.RETRY && input.resumeFrom() != null) {
      reuse = Resumption.load(input.resumeFrom(), pipeline, plan, state, attributes);
    }
    dispatcher =
        new Dispatcher(pipeline, input.pipeline(), plan, state, inputs, version, carried, reuse);
    dispatcher.attributes(attributes);
    Dispatcher.Outcome outcome = dispatcher.run();
    if (outcome.continued() != null) {
      state.publishDetails();
      Workflow.continueAsNew(
          new PipelineInput(
              input.pipeline(), input.inputs(), input.resumeFrom(), outcome.continued()));
    }
    if (version >= EngineVersion.HUMAN) {
      // A decision that ended the run answers its caller before the run closes; detached, since
      // a cancelled run's own scope would refuse to wait.
      Workflow.newDetachedCancellationScope(() -> Workflow.await(Workflow::isEveryHandlerFinished))
          .run();
    }
    state.runFinished(outcome.status(), outcome.error());
    attributes.finished(outcome.status(), state.spent());
    // A run stopped because its outputs no longer fit its result reports its records without them.
    RunResult result =
        outcome.error() != null && FailureTypes.HISTORY_LIMIT.equals(outcome.error().type())
            ? state.snapshot(new ProgressQuery(false, true))
            : state.snapshot();
    return switch (outcome.status()) {
      case SUCCEEDED -> result;
      case CANCELLED -> throw new CanceledFailure(outcome.error().message(), result);
      default ->
          throw ApplicationFailure.newNonRetryableFailure(
              outcome.error().message(), outcome.error().type(), result);
    };
  }

  @Override
  public RunResult progress(ProgressQuery query) {
    if (state == null) {
      WorkflowInfo info = Workflow.getInfo();
      return new RunResult(
          info.getWorkflowId(),
          info.getRunId(),
          null,
          RunStatus.RUNNING,
          null,
          null,
          null,
          List.of());
    }
    return state.snapshot(ProgressQuery.orLean(query));
  }

  @Override
  public List<RunEvent> events(long afterSeq, Integer max) {
    return state == null
        ? List.of()
        : state.eventsAfter(afterSeq, max == null ? DEFAULT_EVENTS_PAGE : max);
  }

  @Override
  public BudgetView budget(BudgetRaise raise) {
    return dispatcher.raiseBudget(raise);
  }

  @Override
  public void validateBudget(BudgetRaise raise) {
    if (raise == null
        || raise.addUsd() < 0
        || raise.addTokens() < 0
        || (raise.addUsd() == 0 && raise.addTokens() == 0)) {
      throw new IllegalArgumentException(
          "say how much to add: a positive add_usd or add_tokens (skein budget ID --add-usd N)");
    }
    if (dispatcher == null) {
      throw new IllegalArgumentException("the run has not started its steps yet; try again");
    }
    if (state != null && state.isFinished()) {
      throw new IllegalArgumentException("the run has ended");
    }
    dispatcher
        .whyNotRaise(raise)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(why);
            });
  }

  @Override
  public dev.skein.run.StepRecord decide(Decision decision) {
    return dispatcher.decide(decision);
  }

  @Override
  public void validateDecide(Decision decision) {
    if (dispatcher == null) {
      throw new IllegalArgumentException("the run has not started its steps yet; try again");
    }
    if (state != null && state.isFinished()) {
      throw new IllegalArgumentException("the run has ended: nothing waits for a decision");
    }
    dispatcher
        .whyNotDecide(decision)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(why);
            });
  }

  /** Takes back each step's record from the last execution; steps it did not know stay new. */
  private static void restore(List<StepState> steps, CarriedRun carried) {
    java.util.Map<String, CarriedRun.Step> byId = new java.util.HashMap<>();
    carried.steps().forEach(c -> byId.put(c.id(), c));
    for (StepState s : steps) {
      CarriedRun.Step c = byId.get(s.id());
      if (c != null) {
        s.restore(c);
      }
    }
  }

  private static Pipeline parse(PipelineInput input, Rules rules) throws InvalidPipelineException {
    if (input == null || input.pipeline() == null || input.pipeline().isNull()) {
      throw new InvalidPipelineException(
          List.of(
              new Problem(
                  "the workflow input has no 'pipeline' document",
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty())));
    }
    try {
      return PipelineParser.parse(input.pipeline(), rules);
    } catch (RuntimeException parserBug) {
      // The parser reports bad documents as problems; anything else it throws would otherwise
      // retry the workflow task forever. Rejecting the run is the useful answer.
      throw new InvalidPipelineException(
          List.of(
              new Problem(
                  "the pipeline could not be parsed: " + parserBug,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty())));
    }
  }

  /** The pipeline's name for the record of a rejected run, when the document has one. */
  private static String nameOf(PipelineInput input) {
    if (input == null || input.pipeline() == null || !input.pipeline().path("name").isTextual()) {
      return null;
    }
    return input.pipeline().path("name").asText();
  }
}
