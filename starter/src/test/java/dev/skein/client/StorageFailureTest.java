package dev.skein.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.skein.contract.FailureTypes;
import dev.skein.dev.EmbeddedTemporal;
import dev.skein.run.ProgressQuery;
import dev.skein.run.RunResult;
import dev.skein.run.RunStatus;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import dev.skein.storage.Storage;
import dev.skein.worker.WorkerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When an output cannot be written to the store or read back, the step fails at once with a
 * non-retryable {@code StorageError} that names the step, the store and the key: no hang, and not a
 * timeout.
 */
class StorageFailureTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path store;
  private EmbeddedTemporal embedded;
  private SkeinClient client;

  @BeforeEach
  void start() {
    embedded =
        EmbeddedTemporal.start(
            WorkerSettings.defaults()
                .withTaskQueues(List.of("skein"))
                .withStorage(Optional.of(Storage.fileSystem(store))));
    client = embedded.skeinClient();
  }

  @AfterEach
  void stop() {
    embedded.close();
  }

  @Test
  void anOutputThatCannotBeWrittenFailsItsStepByName() throws Exception {
    // A file where the run's folder of the store would go: nothing can be written under it.
    Files.createDirectories(store.resolve("default"));
    Files.writeString(store.resolve("default/unwritable-1"), "not a folder");
    RunHandle run =
        client.start(
            YAML.readTree(
                """
                name: unwritable
                agents:
                  big: {kind: command, command: [sh, -c, 'head -c 40000 /dev/zero | tr "\\\\000" w']}
                steps:
                  - {id: big, agent: big, prompt: x}
                """),
            Map.of(),
            StartOptions.defaults().withWorkflowId("unwritable-1"));
    RunResult result = run.resultAsync().get(60, TimeUnit.SECONDS);

    StepRecord big = step(result, "big");
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(big.error().type()).isEqualTo(FailureTypes.STORAGE_ERROR);
    assertThat(big.error().retryable()).isFalse();
    assertThat(big.attempts()).isEqualTo(1);
    assertThat(big.error().message())
        .contains("Step 'big'")
        .contains("fs:" + store)
        .contains("default/unwritable-1/");
  }

  @Test
  void aStoredOutputThatIsGoneFailsTheStepThatReadsItByName() throws Exception {
    RunHandle run =
        client.start(
            YAML.readTree(
                """
                name: vanished
                agents:
                  big: {kind: command, command: [sh, -c, 'head -c 40000 /dev/zero | tr "\\\\000" v']}
                  wait: {kind: command, command: [sh, -c, 'sleep 2']}
                steps:
                  - {id: big, agent: big, prompt: x}
                  - {id: pause, agent: wait, depends_on: [big], prompt: x}
                  - {id: reader, depends_on: [pause], prompt: "{{ steps.big.output }}"}
                """),
            Map.of(),
            StartOptions.defaults());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    StepRecord big;
    while ((big = step(run.rawProgress(ProgressQuery.FULL), "big")).status()
        != StepStatus.SUCCEEDED) {
      assertThat(System.nanoTime()).as("big succeeded").isLessThan(deadline);
      Thread.sleep(50);
    }
    String key = big.outputRef().claim().get("path");
    Files.delete(store.resolve(key));
    RunResult result = run.rawResult();

    StepRecord reader = step(result, "reader");
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(reader.error().type()).isEqualTo(FailureTypes.STORAGE_ERROR);
    assertThat(reader.error().retryable()).isFalse();
    assertThat(reader.error().message())
        .contains("Step 'reader'")
        .contains("fs:" + store)
        .contains(key);
  }

  private static StepRecord step(RunResult r, String id) {
    return r.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }
}
