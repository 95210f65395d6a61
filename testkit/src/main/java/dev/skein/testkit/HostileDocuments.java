package dev.skein.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hostile pipeline documents of the bad-input corpus (junk bytes, deep nesting, alias bombs, a
 * 5 MB file), made when the tests run instead of being committed. Every byte is fixed, so a run
 * always sees the same documents. The hand-written documents of the corpus stay in {@code
 * workflows/src/test/resources/bad-inputs}.
 */
public final class HostileDocuments {

  private static final String STEP = "steps:\n  - id: a\n    prompt: hi\n";

  /**
   * A document and the lowercase fragment its rejection must contain.
   *
   * @param content the document's bytes
   */
  public record Document(String fragment, byte[] content) {}

  private HostileDocuments() {}

  /** File name to document, in a fixed order. */
  public static Map<String, Document> all() {
    Map<String, Document> all = new LinkedHashMap<>();
    all.put("binary-junk.yaml", new Document("not valid utf-8", junk(4096)));
    all.put(
        "deeply-nested-flow.yaml",
        text("too deeply nested", "name: x\nsteps: " + "[".repeat(5000) + "]".repeat(5000) + "\n"));
    all.put(
        "deeply-nested-json.json",
        text(
            "too deeply nested",
            "{\"name\": \"x\", \"steps\": " + "[".repeat(5000) + "]".repeat(5000) + "}\n"));
    StringBuilder block = new StringBuilder("name: x\ninputs:\n  deep:\n");
    for (int i = 0; i < 300; i++) {
      block.append("  ".repeat(i + 2)).append("- \n");
    }
    all.put("deeply-nested-block.yaml", text("too deeply nested", block + STEP));
    all.put(
        "deeply-nested-with.yaml",
        text(
            "too deeply nested",
            "name: x\nsteps:\n  - id: a\n    prompt: hi\n    with: "
                + "{a: ".repeat(5000)
                + "1"
                + "}".repeat(5000)
                + "\n"));
    StringBuilder laughs = new StringBuilder("name: x\ninputs:\n");
    laughs.append("  lol0: &a0 [").append(String.join(", ", repeat("lol", 10))).append("]\n");
    for (int i = 1; i < 10; i++) {
      laughs
          .append("  lol")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [")
          .append(String.join(", ", repeat("*a" + (i - 1), 10)))
          .append("]\n");
    }
    all.put("billion-laughs.yaml", text("aliases", laughs + STEP));
    all.put("huge-5mb.yaml", text("too large", huge()));
    return all;
  }

  /** Writes every document into {@code dir}; returns the file name to fragment map. */
  public static Map<String, String> writeTo(Path dir) {
    Map<String, String> fragments = new LinkedHashMap<>();
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, Document> e : all().entrySet()) {
        Files.write(dir.resolve(e.getKey()), e.getValue().content());
        fragments.put(e.getKey(), e.getValue().fragment());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fragments;
  }

  /** More than 5 MiB of valid steps, and a last step that names an unknown one. */
  private static String huge() {
    StringBuilder big = new StringBuilder("name: x\nsteps:\n");
    String prompt = "lorem ipsum dolor sit amet ".repeat(3);
    for (int i = 0; big.length() < 5 * 1024 * 1024; i++) {
      big.append(String.format("  - id: s%05d\n    prompt: \"%s\"\n", i, prompt));
    }
    return big.append("  - id: last\n    prompt: hi\n    depends_on: [nowhere]\n").toString();
  }

  /** Bytes from a fixed linear congruential generator: mostly not UTF-8. */
  private static byte[] junk(int n) {
    long x = 20240607L;
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      b[i] = (byte) (x >>> 56);
    }
    return b;
  }

  private static Document text(String fragment, String content) {
    return new Document(fragment, content.getBytes(StandardCharsets.UTF_8));
  }

  private static java.util.List<String> repeat(String s, int n) {
    return java.util.Collections.nCopies(n, s);
  }
}
