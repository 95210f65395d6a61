package dev.skein.agents;

import dev.skein.agents.builtin.EchoAgent;
import dev.skein.agents.builtin.FailAgent;
import dev.skein.agents.builtin.SleepAgent;
import dev.skein.agents.command.CommandAgent;
import dev.skein.agents.openai.OpenAiAgent;
import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentFailureDetails;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import dev.skein.contract.FailureTypes;
import dev.skein.model.AgentConfig;
import dev.skein.storage.OutputStore;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
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

  private final Map<String, String> workerEnv;
  private final Map<String, Agent> agents;

  /** Where outputs above the inline limit are written once; empty when storage is off. */
  private final Optional<OutputStore> outputStore;

  /** Agents see this worker's real environment (for {@code pass_env} and {@code api_key_env}). */
  public AgentActivitiesImpl() {
    this(System.getenv());
  }

  /** Agents see {@code workerEnv} instead of the process environment (tests, embedding). */
  public AgentActivitiesImpl(Map<String, String> workerEnv) {
    this(workerEnv, Optional.empty());
  }

  /**
   * Agents see {@code workerEnv}; large outputs go to {@code outputStore}, the store of the
   * worker's client (see {@code WorkerSettings.storage}).
   */
  public AgentActivitiesImpl(Map<String, String> workerEnv, Optional<OutputStore> outputStore) {
    this.workerEnv = Map.copyOf(workerEnv);
    this.outputStore = outputStore;
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
    AgentCall call = new AgentCall(request, attempt, workerEnv, context::heartbeat);
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
    AgentOutput output = runGuarded(agent, call);
    var json =
        request.outputSchema() == null || request.outputSchema().isNull()
            ? null
            : OutputSchema.check(call, request.outputSchema(), output.output());
    long durationMs = (System.nanoTime() - started) / 1_000_000;
    log.debug("{} finished in {} ms", call.describe("attempt " + attempt), durationMs);
    return new AgentResult(
        output.output(),
        json,
        output.exitCode(),
        attempt,
        durationMs,
        output.truncated(),
        output.usage());
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
