package dev.skein.worker;

import dev.skein.contract.AgentRequest;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Puts the step ({@code step} or {@code step#index}) into the logging context of every agent
 * activity, next to the {@code WorkflowId} the SDK already sets, and logs one line when an agent
 * starts and one when it ends, so a worker's log says which run and step it worked on.
 */
final class StepLoggingInterceptor extends WorkerInterceptorBase {

  static final String STEP_KEY = "step";

  private static final Logger log = LoggerFactory.getLogger("dev.skein.worker.Activity");

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private int attempt;

      @Override
      public void init(ActivityExecutionContext context) {
        attempt = context.getInfo().getAttempt();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Object[] args = input.getArguments();
        if (args.length != 1 || !(args[0] instanceof AgentRequest request)) {
          return super.execute(input);
        }
        MDC.put(STEP_KEY, request.label());
        long start = System.nanoTime();
        log.info("agent {} started (attempt {})", request.agentName(), attempt);
        try {
          ActivityOutput output = super.execute(input);
          log.info("agent {} finished in {} ms", request.agentName(), millisSince(start));
          return output;
        } catch (ActivityWorkerShutdownException e) {
          log.info(
              "agent {} stopped after {} ms: this worker is shutting down; the service retries"
                  + " the step on a worker that polls its queue",
              request.agentName(),
              millisSince(start));
          throw e;
        } catch (RuntimeException | Error e) {
          log.info(
              "agent {} ended after {} ms: {}",
              request.agentName(),
              millisSince(start),
              e.getClass().getSimpleName() + ": " + e.getMessage());
          throw e;
        } finally {
          MDC.remove(STEP_KEY);
        }
      }
    };
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
