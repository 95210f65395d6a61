package dev.skein.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.skein.agents.usage.Extraction;
import dev.skein.agents.usage.UsageExtractors;
import dev.skein.contract.AgentFailureDetails;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.FailureTypes;
import dev.skein.model.AgentConfig;
import dev.skein.run.FailedAttempt;
import dev.skein.run.Usage;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One attempt of {@code RunAgent} as an agent sees it: the request, the attempt number, the
 * worker's environment, a heartbeat, and the one way to build failures so every failure names the
 * step and agent and carries exactly one {@link AgentFailureDetails}.
 */
public final class AgentCall {

  private final AgentRequest request;
  private final int attempt;
  private final Map<String, String> workerEnv;
  private final Consumer<HeartbeatDetails> heartbeat;

  /** What the earlier attempts spent, handed on through the last heartbeat's details. */
  private final Usage before;

  /**
   * How the earlier attempts failed (and this one, once it did), handed on like {@link #before}.
   */
  private List<FailedAttempt> failures;

  /** What this attempt spent, once it is known (an attempt that fails after its tool reported). */
  private Usage now;

  private HeartbeatDetails lastDetails = HeartbeatDetails.NONE;

  public AgentCall(
      AgentRequest request,
      int attempt,
      Map<String, String> workerEnv,
      Consumer<HeartbeatDetails> heartbeat) {
    this(request, attempt, workerEnv, heartbeat, null);
  }

  public AgentCall(
      AgentRequest request,
      int attempt,
      Map<String, String> workerEnv,
      Consumer<HeartbeatDetails> heartbeat,
      Usage before) {
    this(request, attempt, workerEnv, heartbeat, before, null);
  }

  /**
   * @param earlierFailures how the earlier attempts failed, as the last heartbeat handed them on;
   *     an attempt missing from it (it timed out or its worker went away) is added as such
   */
  public AgentCall(
      AgentRequest request,
      int attempt,
      Map<String, String> workerEnv,
      Consumer<HeartbeatDetails> heartbeat,
      Usage before,
      List<FailedAttempt> earlierFailures) {
    this.request = request;
    this.attempt = attempt;
    this.workerEnv = Map.copyOf(workerEnv);
    this.heartbeat = heartbeat;
    this.before = before;
    this.failures = withUnreported(earlierFailures, attempt);
  }

  /** The earlier failures, with every attempt before {@code attempt} that reported none. */
  private static List<FailedAttempt> withUnreported(List<FailedAttempt> earlier, int attempt) {
    List<FailedAttempt> all = earlier == null ? List.of() : earlier;
    int last = all.isEmpty() ? 0 : all.get(all.size() - 1).attempt();
    for (int a = Math.max(last + 1, attempt - FailedAttempt.MAX_KEPT); a < attempt; a++) {
      all =
          FailedAttempt.append(
              all,
              new FailedAttempt(
                  a,
                  "ActivityTimeout",
                  "attempt "
                      + a
                      + " ended without reporting why: it timed out, or its worker went away"));
    }
    return all.isEmpty() ? null : all;
  }

  public AgentRequest request() {
    return request;
  }

  public AgentConfig config() {
    return request.agent();
  }

  /** The rendered prompt, empty when the step has none. */
  public String prompt() {
    return request.prompt() == null ? "" : request.prompt();
  }

  /** The step's {@code with} parameters, an empty object when absent. */
  public JsonNode with() {
    JsonNode with = request.with();
    return with == null || with.isNull() ? JsonNodeFactory.instance.objectNode() : with;
  }

  public int attempt() {
    return attempt;
  }

  /** The worker's environment; only agents that were told to may pass any of it on. */
  public Map<String, String> workerEnv() {
    return workerEnv;
  }

  /**
   * Records a heartbeat. Throws the SDK's {@link ActivityCompletionException} when the activity has
   * been cancelled, has timed out, or the worker is shutting down: the caller cleans up and lets it
   * propagate.
   */
  public void heartbeat(HeartbeatDetails details) {
    lastDetails = details;
    heartbeat.accept(details.withSpent(spent()).withCall(request.label(), attempt, failures));
  }

  /**
   * Reads usage from a command's output with the agent's extractor, priced by its {@code price}.
   */
  public Extraction extract(String stdout) {
    Extraction e = UsageExtractors.of(config().usage()).extract(stdout);
    return new Extraction(e.usage().map(this::priced), e.text());
  }

  /** {@code usage} priced by the agent's {@code price} where it has no cost. */
  public Usage priced(Usage usage) {
    return UsageExtractors.priced(usage, config().price());
  }

  /**
   * Records what this attempt spent before it fails, so the failure's details and the next attempt
   * (through the last heartbeat's details, which Temporal sends with the failure) count it.
   */
  public void spend(Usage usage) {
    if (usage == null) {
      return;
    }
    now = Usage.add(now, usage);
    try {
      heartbeat(lastDetails);
    } catch (RuntimeException cancelledOrClosing) {
      // the failure's own details still carry it
    }
  }

  /** The earlier attempts' usage plus this one's so far; null when nothing was reported. */
  public Usage spent() {
    return Usage.add(before, now);
  }

  /** How the earlier attempts failed, oldest first; null when none did. */
  public List<FailedAttempt> earlierFailures() {
    return failures == null ? null : failures.stream().filter(f -> f.attempt() < attempt).toList();
  }

  /** The first heartbeat of an attempt: a client sees at once that a worker has started it. */
  public void started() {
    try {
      heartbeat(lastDetails);
    } catch (RuntimeException cancelledOrClosing) {
      // the attempt notices on its next heartbeat
    }
  }

  /** The earlier attempts' usage; null when nothing was reported. */
  public Usage spentBefore() {
    return before;
  }

  /** Sleeps between heartbeats; an interrupt (a worker stopping hard) ends the attempt. */
  public void pause(Duration duration) {
    try {
      Thread.sleep(Math.max(1, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActivityWorkerShutdownException();
    }
  }

  /** "Step 'review' (agent 'claude'): what" */
  public String describe(String what) {
    String agent = request.agentName() != null ? request.agentName() : config().kind();
    return "Step '" + request.label() + "' (agent '" + agent + "'): " + what;
  }

  public ApplicationFailure failure(String type, String what, boolean retryable) {
    return failure(type, what, retryable, null, null, null);
  }

  public ApplicationFailure failure(
      String type,
      String what,
      boolean retryable,
      Integer exitCode,
      String stderrTail,
      Duration nextRetryDelay) {
    List<FailedAttempt> earlier = earlierFailures();
    String message = describe(what);
    if (retryable) {
      // The SDK sends the last heartbeat's details with the failure and Temporal hands them to
      // the next attempt: that is how the result comes to keep this attempt's error.
      failures = FailedAttempt.append(earlier, new FailedAttempt(attempt, type, message));
      try {
        heartbeat(lastDetails);
      } catch (RuntimeException cancelledOrClosing) {
        // no next attempt will read it
      }
    }
    ApplicationFailure.Builder builder =
        ApplicationFailure.newBuilder()
            .setType(type)
            .setMessage(message)
            .setNonRetryable(!retryable)
            .setDetails(
                new AgentFailureDetails(
                    attempt,
                    exitCode,
                    stderrTail,
                    spent(),
                    earlier == null || earlier.isEmpty() ? null : earlier));
    if (nextRetryDelay != null) {
      builder.setNextRetryDelay(nextRetryDelay);
    }
    return builder.build();
  }

  /** A mistake in the agent's configuration or the worker's setup: retrying cannot help. */
  public ApplicationFailure configError(String what) {
    return failure(FailureTypes.AGENT_CONFIG_ERROR, what, false);
  }
}
