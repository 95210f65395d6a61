package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import dev.skein.contract.FailureTypes;
import dev.skein.contract.RenderRequest;
import dev.skein.model.AgentConfig;
import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.run.ErrorInfo;
import dev.skein.template.AgentConfigs;
import dev.skein.template.TemplateContext;
import dev.skein.template.TemplateException;
import dev.skein.template.Templates;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one {@code RunAgent} activity for a step or a fan-out task, in a cancellation scope of its
 * own. The request carries the rendered prompt, or, when the templates read an output kept outside
 * history, the templates and their context for the worker to render, so no prompt repeats a large
 * output in history.
 */
final class Launcher {

  /** A started activity, or why it could not start (a template that does not render). */
  record Launch(CancellationScope scope, Promise<AgentResult> result, ErrorInfo error) {}

  private final Pipeline pipeline;
  private final String workflowId;
  private final String runId;
  private final int version;

  /**
   * @param workflowId the run's workflow id (a child of a large fan-out names its parent's)
   * @param version the run's {@link EngineVersion}, which decides what the digest covers
   */
  Launcher(Pipeline pipeline, String workflowId, String runId, int version) {
    this.pipeline = pipeline;
    this.workflowId = workflowId;
    this.runId = runId;
    this.version = version;
  }

  /**
   * A request ready to start, with its {@link RequestDigest}, or why it could not be built (a
   * template that does not render).
   */
  record Prepared(AgentRequest request, String digest, ErrorInfo error) {}

  Launch launch(Step step, Integer taskIndex, TemplateSource templates) {
    Prepared prepared = prepare(step, taskIndex, templates, null);
    if (prepared.error() != null) {
      return new Launch(null, null, prepared.error());
    }
    return start(step, prepared.request());
  }

  /** Builds the request for a step or task ({@code item} is the task's, null for a step). */
  Prepared prepare(Step step, Integer taskIndex, TemplateSource templates, JsonNode item) {
    AgentRequest request;
    try {
      request = request(step, taskIndex, templates);
    } catch (TemplateException e) {
      return new Prepared(
          null, null, new ErrorInfo(FailureTypes.TEMPLATE_ERROR, e.getMessage(), false));
    }
    String digest = RequestDigest.of(request, item, version >= EngineVersion.HUMAN);
    return new Prepared(request.withDigest(digest), digest, null);
  }

  /** Starts the activity for a prepared request. */
  Launch start(Step step, AgentRequest request) {
    AgentActivities activities =
        Workflow.newActivityStub(
            AgentActivities.class,
            StepActivityOptions.of(step.options(), request.label(), request.agentName()));
    List<Promise<AgentResult>> started = new ArrayList<>(1);
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> started.add(Async.function(activities::runAgent, request)));
    scope.run();
    return new Launch(scope, started.get(0), null);
  }

  private AgentRequest request(Step step, Integer taskIndex, TemplateSource templates) {
    String agentName = step.agent().orElse(pipeline.defaults().agent());
    AgentConfig agent = pipeline.agent(agentName).orElseThrow();
    if (templates.rendersStoredOutput()) {
      RenderRequest render =
          new RenderRequest(step.prompt().orElse(null), step.with(), templates.forWorker());
      return request(step, taskIndex, agentName, agent, null, null, render);
    }
    TemplateContext context = templates.context();
    String prompt = step.prompt().map(p -> Templates.render(p, context)).orElse(null);
    JsonNode with = Templates.renderTree(step.with(), context);
    return request(
        step, taskIndex, agentName, AgentConfigs.render(agent, context), prompt, with, null);
  }

  private AgentRequest request(
      Step step,
      Integer taskIndex,
      String agentName,
      AgentConfig agent,
      String prompt,
      JsonNode with,
      RenderRequest render) {
    return new AgentRequest(
        workflowId,
        runId,
        pipeline.name(),
        step.id(),
        taskIndex,
        prompt,
        agentName,
        agent,
        with,
        step.options().stallTimeout().toMillis(),
        step.outputSchema().orElse(null),
        render,
        null); // no digest yet: prepare() digests this request, then adds it
  }
}
