package dev.skein.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.run.OutputRef;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.RawValue;
import io.temporal.payload.storage.StorageDriverWorkflowInfo;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputStoreTest {

  @TempDir Path dir;

  @Test
  void storesOnceReadsBackAndChecksTheDigest() throws Exception {
    OutputStore store = Storage.fileSystem(dir).outputStore();
    String text = "x".repeat(40_000) + "é";
    StorageDriverWorkflowInfo target = new StorageDriverWorkflowInfo("default", "wf/1", "r", "T");
    OutputRef ref = store.put(text, target);
    OutputRef again = store.put(text, target);

    assertThat(again.claim()).isEqualTo(ref.claim());
    assertThat(ref.claim().get("path")).startsWith("default/wf_1-");
    assertThat(ref.preview()).hasSize(201);
    assertThat(Storage.fileSystem(dir).outputStore().get(ref)).isEqualTo(text);
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
    }

    Files.writeString(dir.resolve(ref.claim().get("path")), "tampered");
    assertThatThrownBy(() -> Storage.fileSystem(dir).outputStore().get(ref))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("corrupt")
        .hasMessageContaining(ref.claim().get("path"));
  }

  @Test
  void aMissingOutputNamesTheStoreAndTheKey() {
    OutputRef ref =
        new OutputRef("skein-fs", java.util.Map.of("path", "default/x/abc"), 10, "abc", null);
    assertThatThrownBy(() -> Storage.fileSystem(dir).outputStore().get(ref))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("fs:" + dir.toAbsolutePath())
        .hasMessageContaining("default/x/abc");
  }

  @Test
  void aForgedPathCannotLeaveTheStore() {
    OutputRef ref =
        new OutputRef("skein-fs", java.util.Map.of("path", "../../etc/passwd"), 1, null, null);
    assertThatThrownBy(() -> Storage.fileSystem(dir).outputStore().get(ref))
        .hasMessageContaining("outside the store");
  }

  @ActivityInterface
  public interface Outputs {
    @ActivityMethod(name = "Produce")
    OutputRef produce(int size);

    @ActivityMethod(name = "Load")
    RawValue load(OutputRef ref);
  }

  @WorkflowInterface
  public interface Reader {
    @WorkflowMethod
    int read(int size);
  }

  public static class ReaderImpl implements Reader {
    @Override
    public int read(int size) {
      var options =
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build();
      Outputs outputs = Workflow.newActivityStub(Outputs.class, options);
      OutputRef ref = outputs.produce(size);
      String text = Workflow.newUntypedActivityStub(options).execute("Load", String.class, ref);
      return text.length();
    }
  }

  /** The workflow reads a stored output through a reference: history never holds the text. */
  @Test
  void aReferencePayloadReachesTheWorkflowAsTheOutputItself() {
    Storage storage = Storage.fileSystem(dir);
    OutputStore store = storage.outputStore();
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setExternalStorage(storage.externalStorage())
                        .build())
                .build());
    try {
      Worker worker = env.newWorker("q");
      worker.registerWorkflowImplementationTypes(ReaderImpl.class);
      worker.registerActivitiesImplementations(
          new Outputs() {
            @Override
            public OutputRef produce(int size) {
              var info = io.temporal.activity.Activity.getExecutionContext().getInfo();
              return store.put(
                  "y".repeat(size),
                  new StorageDriverWorkflowInfo(
                      "default", info.getWorkflowId(), info.getRunId(), "R"));
            }

            @Override
            public RawValue load(OutputRef ref) {
              return new RawValue(OutputStore.referencePayload(ref));
            }
          });
      env.start();
      Reader reader =
          env.getWorkflowClient()
              .newWorkflowStub(
                  Reader.class,
                  WorkflowOptions.newBuilder().setTaskQueue("q").setWorkflowId("r1").build());
      assertThat(reader.read(3_000_000)).isEqualTo(3_000_000);
      long historyBytes = 0;
      for (HistoryEvent e : env.getWorkflowClient().fetchHistory("r1").getEvents()) {
        if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
          Payload p = e.getActivityTaskCompletedEventAttributes().getResult().getPayloads(0);
          historyBytes += p.getSerializedSize();
        }
      }
      assertThat(historyBytes).isLessThan(4_000);
    } finally {
      env.close();
    }
  }
}
