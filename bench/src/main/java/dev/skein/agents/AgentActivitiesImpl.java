package dev.skein.agents;

// TEMPORARY STUB, never committed
import dev.skein.contract.*;

public class AgentActivitiesImpl implements AgentActivities {
  public AgentResult runAgent(AgentRequest r) {
    if ("sleep".equals(r.agentName())) {
      try {
        Thread.sleep(Long.parseLong(r.with().get("duration").asText().replace("ms", "")));
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      }
    }
    return new AgentResult(r.prompt(), null, null, 1, 0, false, null);
  }
}
