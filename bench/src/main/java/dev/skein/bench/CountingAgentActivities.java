package dev.skein.bench;

import dev.skein.contract.AgentActivities;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.AgentResult;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real agent activities, counting completed calls so a scenario can tell how far a run has come
 * without querying it (a query of a 1,000-task run would itself cost memory and time).
 */
final class CountingAgentActivities implements AgentActivities {

  private final AgentActivities delegate;
  private final AtomicLong completed = new AtomicLong();

  CountingAgentActivities(AgentActivities delegate) {
    this.delegate = delegate;
  }

  @Override
  public AgentResult runAgent(AgentRequest request) {
    AgentResult result = delegate.runAgent(request);
    completed.incrementAndGet();
    return result;
  }

  long completed() {
    return completed.get();
  }
}
