package dev.skein.worker;

import dev.skein.contract.AgentRequest;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import org.slf4j.MDC;

/**
 * Puts the step ({@code step} or {@code step#index}) into the logging context of every agent
 * activity, next to the {@code WorkflowId} the SDK already sets, so each log line says which run
 * and step it is about.
 */
final class StepLoggingInterceptor extends WorkerInterceptorBase {

  static final String STEP_KEY = "step";

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        Object[] args = input.getArguments();
        if (args.length == 1 && args[0] instanceof AgentRequest request) {
          MDC.put(STEP_KEY, request.label());
        }
        try {
          return super.execute(input);
        } finally {
          MDC.remove(STEP_KEY);
        }
      }
    };
  }
}
