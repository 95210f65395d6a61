package dev.skein.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.client.RunHandle;
import dev.skein.client.SkeinClient;
import dev.skein.client.StartOptions;
import dev.skein.dev.EmbeddedTemporal;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.worker.WorkerSettings;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Determinism of usage accounting and budgets: a recorded run whose agents report a cost, whose
 * budget is raised through the {@code budget} update while it runs, and which then stops with
 * {@code BudgetExceeded}. Re-record (only after an intentional, versioned change) with {@code mvn
 * -pl starter test -Dtest=BudgetHistoriesTest -Dskein.recordHistories=true}.
 */
class BudgetHistoriesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path RESOURCES = Path.of("src/test/resources/histories/budget");
  private static final String ID = "replay-budget";

  static final String BUDGETED =
      """
      name: budgeted
      budget: {max_cost_usd: 3}
      inputs: {items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}
      agents:
        paid:
          kind: command
          command: [sh, -c, 'sleep 0.5; echo "{\\"usd\\": 1, \\"in\\": 10, \\"out\\": 2}"']
          usage: {extractor: json, cost_usd: usd, input_tokens: in, output_tokens: out}
      steps:
        - {id: fan, for_each: "{{ inputs.items }}", agent: paid, prompt: "{{ item }}", max_concurrency: 2}
        - {id: after, prompt: "{{ steps.fan.status }}"}
      """;

  @Test
  void aRunWithUsageARaisedBudgetAndABudgetStopReplays() throws Exception {
    HistoryFiles.replay(read("budgeted"));
  }

  private static WorkflowExecutionHistory read(String name) throws IOException {
    return HistoryFiles.read("budget", name, ID);
  }

  @Test
  @EnabledIfSystemProperty(named = "skein.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    Files.createDirectories(RESOURCES);
    try (EmbeddedTemporal embedded = EmbeddedTemporal.start(WorkerSettings.defaults())) {
      SkeinClient client = embedded.skeinClient();
      RunHandle run =
          client.start(
              YAML.readTree(BUDGETED), Map.of(), StartOptions.defaults().withWorkflowId(ID));
      Thread.sleep(200);
      run.raiseBudget(2, 0);
      RunResult result = run.rawResult();
      assertThat(result.status()).isEqualTo(RunStatus.FAILED);
      assertThat(result.error().type()).isEqualTo("BudgetExceeded");
      HistoryFiles.write(RESOURCES, "budgeted", client.workflowClient().fetchHistory(ID));
    }
  }
}
