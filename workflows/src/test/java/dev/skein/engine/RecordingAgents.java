package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentFailureDetails;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import dev.skein.contract.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test implementation of {@code RunAgent} that does what the step's {@code with} block says and
 * records what happened: calls, prompts, concurrency, observed cancellations.
 *
 * <ul>
 *   <li>{@code output}: the output (text, or any JSON written compactly); default the prompt
 *   <li>{@code work_ms}: how long the agent works (heartbeating, so it notices cancellation)
 *   <li>{@code gate: true}: works until the test calls {@link #release}, or until cancelled
 *   <li>{@code fail_times: n}: the first n attempts fail; {@code fail: true}: every attempt fails
 *   <li>{@code fail_type}, {@code non_retryable}: how they fail
 *   <li>a label in {@link #broken}: fails, not retried, until the test removes it
 *   <li>{@code cost_usd: x}: reports 110 tokens and x USD spent
 *   <li>{@code output_chars: n}: an output of n characters; {@code inline_only: true}: reported as
 *       from a worker without storage
 * </ul>
 */
public class RecordingAgents implements AgentActivities {

  /** One call as the agent saw it. */
  public record Call(String label, String prompt, int attempt) {}

  public final List<Call> calls = new CopyOnWriteArrayList<>();
  public final List<AgentRequest> requests = new CopyOnWriteArrayList<>();
  public final List<String> startOrder = new CopyOnWriteArrayList<>();
  public final Set<String> cancelled = ConcurrentHashMap.newKeySet();
  public final AtomicInteger running = new AtomicInteger();
  public final AtomicInteger peak = new AtomicInteger();

  /** Labels whose agents fail (non-retryable) while they are here: a cause the test can fix. */
  public final Set<String> broken = ConcurrentHashMap.newKeySet();

  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

  /** Lets a gated agent for {@code label} ({@code step} or {@code step#index}) finish. */
  public void release(String label) {
    gate(label).countDown();
  }

  public List<String> prompts(String label) {
    return calls.stream().filter(c -> c.label().equals(label)).map(Call::prompt).toList();
  }

  public long callsOf(String label) {
    return calls.stream().filter(c -> c.label().equals(label)).count();
  }

  private CountDownLatch gate(String label) {
    return gates.computeIfAbsent(label, l -> new CountDownLatch(1));
  }

  @Override
  public AgentResult runAgent(AgentRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    int attempt = context.getInfo().getAttempt();
    String label = request.label();
    calls.add(new Call(label, request.prompt(), attempt));
    requests.add(request);
    startOrder.add(label);
    int now = running.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
    JsonNode with = request.with();
    try {
      work(context, label, with);
      if (broken.contains(label)) {
        throw ApplicationFailure.newNonRetryableFailure(
            label + " is broken",
            FailureTypes.AGENT_FAILED,
            new AgentFailureDetails(attempt, 1, null));
      }
      int failTimes =
          with.path("fail").asBoolean() ? Integer.MAX_VALUE : with.path("fail_times").asInt(0);
      if (attempt <= failTimes) {
        String type = with.path("fail_type").asText(FailureTypes.AGENT_FAILED);
        String message = label + " failed on attempt " + attempt;
        AgentFailureDetails details = new AgentFailureDetails(attempt, 1, null);
        throw with.path("non_retryable").asBoolean()
            ? ApplicationFailure.newNonRetryableFailure(message, type, details)
            : ApplicationFailure.newFailure(message, type, details);
      }
      JsonNode output = with.get("output");
      String text =
          output == null
              ? request.prompt()
              : output.isTextual() ? output.asText() : output.toString();
      if (with.has("output_chars")) {
        text = "o".repeat(with.path("output_chars").asInt());
      }
      // A worker without storage says so: every output it returns stays inline.
      Boolean inlineOnly = with.path("inline_only").asBoolean(false) ? Boolean.TRUE : null;
      // A priced agent: cost_usd in with is what it reports having spent.
      dev.skein.run.Usage usage =
          with.has("cost_usd")
              ? new dev.skein.run.Usage(100, 10, 0, with.path("cost_usd").asDouble())
              : null;
      return new AgentResult(text, null, null, 0, attempt, 0, false, usage, inlineOnly, null);
    } finally {
      running.decrementAndGet();
    }
  }

  /** Works for {@code work_ms} or until released, heartbeating; rethrows a cancellation. */
  private void work(ActivityExecutionContext context, String label, JsonNode with) {
    long workMs = with.path("work_ms").asLong(0);
    boolean gated = with.path("gate").asBoolean(false);
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(workMs);
    try {
      while (gated || System.nanoTime() < end) {
        try {
          context.heartbeat(null);
        } catch (ActivityCompletionException e) {
          cancelled.add(label);
          throw e;
        }
        long waitMs =
            gated
                ? 50
                : Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        if (gate(label).await(waitMs, TimeUnit.MILLISECONDS) && gated) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
