package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.contract.AgentRequest;
import dev.skein.contract.RenderRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a worker-rendered request's digest covers: the run's id only where the templates read it, so
 * a retry reuses a step whose prompt is the same and runs again one that would read its new id.
 */
class RequestDigestTest {

  private static AgentRequest request(String template, String runId) {
    RenderRequest.Context context =
        new RenderRequest.Context(Map.of(), Map.of(), null, null, runId, "p");
    return new AgentRequest(
        runId,
        "r",
        "p",
        "s",
        null,
        null,
        "echo",
        null,
        null,
        0,
        null,
        new RenderRequest(template, null, context),
        null);
  }

  @Test
  void aTemplateThatReadsTheRunIdIsAnotherRequestInAnotherRun() {
    String template = "report for {{ run.id }}: {{ steps.big.output }}";

    assertThat(RequestDigest.of(request(template, "run-1"), null, true))
        .isNotEqualTo(RequestDigest.of(request(template, "run-2"), null, true));
    // Engines before version 4 left it out, and their histories keep that digest.
    assertThat(RequestDigest.of(request(template, "run-1"), null, false))
        .isEqualTo(RequestDigest.of(request(template, "run-2"), null, false));
  }

  @Test
  void aTemplateThatDoesNotReadItIsTheSameRequestInEveryRun() {
    String template = "summarise {{ steps.big.output }}";

    assertThat(RequestDigest.of(request(template, "run-1"), null, true))
        .isEqualTo(RequestDigest.of(request(template, "run-2"), null, true));
  }
}
