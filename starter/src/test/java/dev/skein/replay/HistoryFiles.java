package dev.skein.replay;

import io.temporal.common.WorkflowExecutionHistory;
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

  private HistoryFiles() {}

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
