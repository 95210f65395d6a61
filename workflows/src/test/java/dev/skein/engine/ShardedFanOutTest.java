package dev.skein.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fan-out too large for one workflow runs in child workflows, and keeps the semantics of one:
 * results in input order, and {@code max_concurrency} counting agents across all the children.
 */
class ShardedFanOutTest extends EngineTestBase {

  private static final int TASKS = 1100;

  private static Map<String, com.fasterxml.jackson.databind.JsonNode> items() {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < TASKS; i++) {
      items.add(i);
    }
    return Map.of("items", items);
  }

  @Test
  void theRunsCapCountsAgentsAcrossChildren() {
    String id =
        start(
            """
            name: capped
            defaults: {max_concurrency: 5}
            steps:
              - {id: fan, for_each: "{{ inputs.items }}", prompt: "t{{ item }}", with: {work_ms: 15}}
            inputs: {items: []}
            """,
            items());
    RunResult result = await(id).result();

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    StepRecord fan = step(result, "fan");
    assertThat(fan.shards()).hasSize(3);
    assertThat(fan.tasks()).hasSize(TASKS);
    for (int i = 0; i < TASKS; i++) {
      assertThat(fan.tasks().get(i).output()).isEqualTo("t" + i);
    }
    assertThat(agents.peak.get()).isBetween(2, 5);
  }

  @Test
  void aStepsOwnCapCountsAgentsAcrossChildrenToo() {
    String id =
        start(
            """
            name: step-capped
            defaults: {max_concurrency: 12}
            steps:
              - id: fan
                for_each: "{{ inputs.items }}"
                max_concurrency: 4
                prompt: "t{{ item }}"
                with: {work_ms: 10}
            inputs: {items: []}
            """,
            items());
    assertThat(await(id).result().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(agents.peak.get()).isBetween(2, 4);
  }
}
