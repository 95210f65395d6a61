package dev.skein.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skein.model.AgentConfig;
import dev.skein.run.FailedAttempt;
import dev.skein.run.HistoryJson;
import dev.skein.run.OutputRef;
import dev.skein.run.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON of an agent request and result, every field set, as the data converter writes them into
 * history as the activity's input and result: workers of other versions and checked-in histories
 * read them, so their Java side may change but not these bytes.
 */
class ContractWireShapeTest {

  // Members one a line for reading; the payload has no white space, hence the strip below.
  private static final String REQUEST_JSON =
      """
      {"workflow_id":"wf-1",
      "run_id":"r-1",
      "pipeline":"p",
      "step_id":"fix",
      "task_index":2,
      "prompt":"do it",
      "agent_name":"echo",
      "agent":{"kind":"echo"},
      "with":{"k":1},
      "stall_timeout_ms":5000,
      "output_schema":{"type":"string"},
      "render":{"prompt":"{{ x }}","context":{"inputs":{"n":"v"},"steps":{},"item":"it","index":2,\
      "run_id":"r-1","pipeline":"p"}},
      "request_digest":"digest"}"""
          .replace("\n", "");

  private static final String RESULT_JSON =
      """
      {"output":"out",
      "output_ref":{"driver":"fs","claim":{"path":"o"},"size_bytes":3,"sha256":"ef","preview":"pv"},
      "json":"j",
      "exit_code":0,
      "attempt":2,
      "duration_ms":1500,
      "truncated":true,
      "usage":{"input_tokens":5,"output_tokens":6,"cached_tokens":7,"cost_usd":0.25},
      "inline_only":true,
      "failures":[{"attempt":1,"type":"AgentFailed","message":"once"}]}"""
          .replace("\n", "");

  static AgentRequest fullRequest() {
    RenderRequest.Context context =
        new RenderRequest.Context(
            Map.of("n", TextNode.valueOf("v")), Map.of(), TextNode.valueOf("it"), 2, "r-1", "p");
    return new AgentRequest(
        "wf-1",
        "r-1",
        "p",
        "fix",
        2,
        "do it",
        "echo",
        AgentConfig.builtIn(AgentConfig.ECHO),
        JsonNodeFactory.instance.objectNode().put("k", 1),
        5000,
        JsonNodeFactory.instance.objectNode().put("type", "string"),
        new RenderRequest("{{ x }}", null, context),
        "digest");
  }

  static AgentResult fullResult() {
    return new AgentResult(
        "out",
        new OutputRef("fs", Map.of("path", "o"), 3, "ef", "pv"),
        TextNode.valueOf("j"),
        0,
        2,
        1500,
        true,
        new Usage(5, 6, 7, 0.25),
        true,
        List.of(new FailedAttempt(1, "AgentFailed", "once")));
  }

  @Test
  void aFullRequestAndResultKeepTheirJsonAndReadBack() {
    assertThat(HistoryJson.of(fullRequest())).isEqualTo(REQUEST_JSON);
    assertThat(HistoryJson.of(fullResult())).isEqualTo(RESULT_JSON);
    assertThat(HistoryJson.readBack(fullRequest(), AgentRequest.class)).isEqualTo(fullRequest());
    assertThat(HistoryJson.readBack(fullResult(), AgentResult.class)).isEqualTo(fullResult());
  }

  @Test
  void theCopiesChangeOnlyWhatTheyName() {
    AgentRequest request = fullRequest();

    assertThat(request.withDigest("other").withDigest("digest")).isEqualTo(request);
    AgentRequest rendered =
        request.rendered("done", JsonNodeFactory.instance.objectNode(), request.agent());
    assertThat(HistoryJson.of(rendered))
        .isEqualTo(
            REQUEST_JSON
                .replace("\"prompt\":\"do it\"", "\"prompt\":\"done\"")
                .replace("\"with\":{\"k\":1}", "\"with\":{}")
                .replaceAll(",\"render\":\\{.*?\\}\\},", ","));
    assertThat(HistoryJson.of(AgentResult.inline("x", null, 1, 2, false)))
        .isEqualTo("{\"output\":\"x\",\"attempt\":1,\"duration_ms\":2,\"truncated\":false}");
  }
}
