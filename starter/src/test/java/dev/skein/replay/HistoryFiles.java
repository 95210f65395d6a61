package dev.skein.replay;

import dev.skein.engine.AgentPipelineImpl;
import dev.skein.engine.FanOutShardImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The recorded histories the replay tests read: gzipped JSON under {@code /histories/}. */
final class HistoryFiles {

  /**
   * How long one workflow task of a replay may run before the SDK calls it a deadlock. Its default
   * of 1 s is for live workers; a replay of a large history on a loaded test machine can take
   * longer with nothing wrong, and a real deadlock still fails.
   */
  private static final long DEADLOCK_MS = 15_000;

  private HistoryFiles() {}

  /** Replays {@code history} against Skein's workflows in a fresh test environment. */
  static void replay(WorkflowExecutionHistory history) throws Exception {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    try {
      replay(history, env);
    } finally {
      env.close();
    }
  }

  /** Replays {@code history} against Skein's workflows in {@code env}. */
  static void replay(WorkflowExecutionHistory history, TestWorkflowEnvironment env)
      throws Exception {
    Worker worker =
        env.newWorker(
            "replay-" + java.util.UUID.randomUUID(),
            WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(DEADLOCK_MS).build());
    worker.registerWorkflowImplementationTypes(AgentPipelineImpl.class, FanOutShardImpl.class);
    WorkflowReplayer.replayWorkflowExecution(history, worker);
  }

  /** {@code /histories/FOLDER/NAME.json.gz} from the test resources, as run {@code workflowId}. */
  static WorkflowExecutionHistory read(String folder, String name, String workflowId)
      throws IOException {
    String resource = "/histories/" + folder + "/" + name + ".json.gz";
    try (InputStream in = new GZIPInputStream(HistoryFiles.class.getResourceAsStream(resource))) {
      return WorkflowExecutionHistory.fromJson(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), workflowId);
    }
  }

  /** Writes {@code history} as {@code DIR/NAME.json.gz}, for a recorder run. */
  static void write(Path dir, String name, WorkflowExecutionHistory history) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(history.toJson(false).getBytes(StandardCharsets.UTF_8));
    }
    Files.write(dir.resolve(name + ".json.gz"), bytes.toByteArray());
  }
}
