package dev.skein.agents;

import dev.skein.agents.builtin.EchoAgent;
import dev.skein.agents.builtin.FailAgent;
import dev.skein.agents.builtin.SleepAgent;
import dev.skein.agents.command.CommandAgent;
import dev.skein.agents.openai.OpenAiAgent;
import dev.skein.agents.output.WorkerRender;
import dev.skein.agents.policy.AgentPolicy;
import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentFailureDetails;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import dev.skein.contract.FailureTypes;
import dev.skein.model.AgentConfig;
import dev.skein.run.FailedAttempt;
import dev.skein.run.OutputRef;
import dev.skein.run.Usage;
import dev.skein.storage.OutputStore;
import dev.skein.storage.StorageException;
import dev.skein.template.TemplateException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.payload.storage.StorageDriverWorkflowInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code RunAgent}: picks the agent for {@code request.agent().kind()} and runs one attempt.
 *
 * <p>Every failure is an {@link ApplicationFailure} with a type from {@link FailureTypes} and one
 * {@link AgentFailureDetails}. A cancellation is always rethrown after the agent cleaned up: an
 * activity that returned normally after a cancel would be recorded as a success.
 */
public final class AgentActivitiesImpl implements AgentActivities {

  /**
   * The longest a worker should let the SDK hold back heartbeats; pass it to {@code
   * WorkerOptions.Builder.setMaxHeartbeatThrottleInterval}.
   *
   * <p>A cancel request reaches a running activity only in the reply to a heartbeat, and by default
   * the SDK sends heartbeats at most every 0.8 x the heartbeat timeout (about 24 s with the default
   * 30 s timeout). Agents heartbeat every 100 ms; with a 500 ms throttle a cancel — fail-fast, a
   * run timeout, {@code skein cancel} — reaches a running agent, and its processes are signalled,
   * within about a second, at the cost of at most two small heartbeat calls a second per agent.
   */
  public static final Duration MAX_HEARTBEAT_THROTTLE = Duration.ofMillis(500);

  private static final Logger log = LoggerFactory.getLogger(AgentActivitiesImpl.class);

  /**
   * Without a store, an output must fit in history: the service refuses payloads over 2 MB, so
   * larger ones fail by name instead of as a lost activity result.
   */
  static final int MAX_INLINE_WITHOUT_STORE = 1024 * 1024;

  private final Map<String, String> workerEnv;
  private final Map<String, Agent> agents;
  private final Optional<OutputStore> outputStore;
  private final AgentPolicy policy;

  /**
   * Agents see this worker's real environment under the default policy: no variable of it is passed
   * or sent unless granted, any program may run.
   */
  public AgentActivitiesImpl() {
    this(System.getenv(), Optional.empty(), AgentPolicy.defaults());
  }

  /**
   * Agents see {@code workerEnv} instead of the process environment (tests, embedding) and may use
   * all of it: the caller chose exactly what to hand over.
   */
  public AgentActivitiesImpl(Map<String, String> workerEnv) {
    this(workerEnv, Optional.empty(), AgentPolicy.allowAny());
  }

  /** As {@link #AgentActivitiesImpl(Map, Optional, AgentPolicy)} with every use of it allowed. */
  public AgentActivitiesImpl(Map<String, String> workerEnv, Optional<OutputStore> outputStore) {
    this(workerEnv, outputStore, AgentPolicy.allowAny());
  }

  /**
   * Large outputs go to {@code outputStore}, once, and history keeps their reference; templates
   * that read stored outputs are rendered here from it. {@code policy} decides which variables of
   * {@code workerEnv} agents may use, and which programs they may run.
   */
  public AgentActivitiesImpl(
      Map<String, String> workerEnv, Optional<OutputStore> outputStore, AgentPolicy policy) {
    this.outputStore = outputStore;
    this.policy = policy;
    this.workerEnv = Map.copyOf(workerEnv);
    this.agents =
        Map.of(
            AgentConfig.COMMAND, new CommandAgent(),
            AgentConfig.OPENAI, new OpenAiAgent(),
            AgentConfig.ECHO, new EchoAgent(),
            AgentConfig.SLEEP, new SleepAgent(),
            AgentConfig.FAIL, new FailAgent());
  }

  @Override
  public AgentResult runAgent(AgentRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    // 1-based on a real service; TestActivityEnvironment reports 0 for the first attempt
    int attempt = Math.max(1, context.getInfo().getAttempt());
    Optional<HeartbeatDetails> last = context.getHeartbeatDetails(HeartbeatDetails.class);
    Usage before = last.map(HeartbeatDetails::spent).orElse(null);
    List<FailedAttempt> failed = last.map(HeartbeatDetails::failures).orElse(null);
    AgentCall first =
        new AgentCall(request, attempt, workerEnv, context::heartbeat, before, failed);
    first.started();
    request = rendered(request, first);
    AgentCall call = new AgentCall(request, attempt, workerEnv, context::heartbeat, before, failed);
    long started = System.nanoTime();
    Agent agent = request.agent() == null ? null : agents.get(request.agent().kind());
    if (agent == null) {
      throw call.configError(
          "unknown agent kind '"
              + (request.agent() == null ? null : request.agent().kind())
              + "'; expected one of "
              + AgentConfig.KINDS
              + ".");
    }
    Optional<String> refusal = policy.refusal(request.agent());
    if (refusal.isPresent()) {
      log.info("{}", call.describe("refused by the worker's policy"));
      throw call.failure(FailureTypes.AGENT_NOT_ALLOWED, refusal.get(), false);
    }
    // Names only: a secret's value never reaches a log.
    log.info(
        "{}",
        call.describe(
            "starting attempt " + attempt + ": " + AgentPolicy.describe(request.agent())));
    AgentOutput output = runGuarded(agent, call);
    Usage spent = call.priced(output.usage());
    if (request.outputSchema() != null && !request.outputSchema().isNull()) {
      call.spend(spent); // a reply that fails its schema was paid for all the same
      OutputSchema.check(call, request.outputSchema(), output.output());
      spent = null; // now counted in call.spent()
    }
    long durationMs = (System.nanoTime() - started) / 1_000_000;
    log.debug("{} finished in {} ms", call.describe("attempt " + attempt), durationMs);
    OutputRef ref = stored(call, context.getInfo(), output.output());
    return new AgentResult(
        ref == null ? output.output() : null,
        ref,
        null,
        output.exitCode(),
        attempt,
        durationMs,
        output.truncated(),
        Usage.add(call.spent(), spent),
        outputStore.isEmpty() ? Boolean.TRUE : null,
        call.earlierFailures());
  }

  /** Renders templates the workflow left to this worker because they read stored outputs. */
  private AgentRequest rendered(AgentRequest request, AgentCall call) {
    if (request.render() == null) {
      return request;
    }
    OutputStore store =
        outputStore.orElseThrow(
            () ->
                call.failure(
                    FailureTypes.STORAGE_ERROR,
                    "its templates read outputs kept in a store, but this worker has no storage"
                        + " configured.",
                    false));
    try {
      return WorkerRender.apply(request, store);
    } catch (TemplateException e) {
      throw call.failure(FailureTypes.TEMPLATE_ERROR, e.getMessage(), false);
    } catch (StorageException e) {
      throw call.failure(
          FailureTypes.STORAGE_ERROR,
          "an output its templates read cannot be read: " + e.getMessage() + ".",
          false);
    }
  }

  /**
   * Stores an output too large for history and returns its reference; null when it stays inline.
   */
  private OutputRef stored(AgentCall call, ActivityInfo info, String text) {
    if (text == null) {
      return null;
    }
    if (outputStore.isEmpty()) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_INLINE_WITHOUT_STORE) {
        throw call.failure(
            FailureTypes.OUTPUT_TOO_LARGE,
            "the output is "
                + bytes
                + " bytes; without storage only outputs up to "
                + MAX_INLINE_WITHOUT_STORE
                + " bytes fit in history. Configure storage (--storage fs or s3) on the workers.",
            false);
      }
      return null;
    }
    OutputStore store = outputStore.get();
    if (!store.shouldStore(text)) {
      return null;
    }
    try {
      // Grouped under the run's workflow id, also for the children of large fan-outs.
      return store.put(
          text,
          new StorageDriverWorkflowInfo(
              info.getNamespace(),
              call.request().workflowId(),
              info.getWorkflowRunId(),
              info.getWorkflowType()));
    } catch (StorageException e) {
      throw call.failure(
          FailureTypes.STORAGE_ERROR,
          "its output ("
              + text.length()
              + " characters) could not be stored: "
              + e.getMessage()
              + ".",
          false);
    }
  }

  /**
   * Failures and cancellations pass through; anything else an agent did not expect becomes a
   * retryable {@code AgentFailed} so it too names the step and carries the failure details.
   */
  private static AgentOutput runGuarded(Agent agent, AgentCall call) {
    try {
      return agent.run(call);
    } catch (ApplicationFailure | ActivityCompletionException e) {
      throw e;
    } catch (RuntimeException e) {
      log.warn(call.describe("unexpected error"), e);
      throw call.failure(FailureTypes.AGENT_FAILED, "unexpected error: " + e + ".", true);
    }
  }
}
