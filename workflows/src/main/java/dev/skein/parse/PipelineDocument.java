package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline document read from YAML or JSON, before validation: the JSON tree (which is also the
 * workflow input) and, when it came from text, the line of each node so problems can name it.
 *
 * @param source file name or another label for messages; empty for trees from the wire
 * @param lines 1-based line of each node, keyed by JSON Pointer ({@code /steps/2/prompt})
 */
public record PipelineDocument(JsonNode tree, Optional<String> source, Map<String, Integer> lines) {

  /** Reads a file (YAML or JSON); unreadable or malformed text is an invalid pipeline. */
  public static PipelineDocument read(Path file) throws InvalidPipelineException {
    String source = file.toString();
    String text;
    try {
      // Refuse huge files before reading them into memory.
      if (Files.size(file) > DocumentReader.MAX_CHARS) {
        throw DocumentReader.fail(source, null, "the document is too large (more than 3 MB)");
      }
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes)
              .toString();
    } catch (CharacterCodingException e) {
      throw DocumentReader.fail(source, null, "the document is not text: it is not valid UTF-8");
    } catch (IOException e) {
      throw DocumentReader.fail(source, null, "cannot read the file: " + e.getMessage());
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return parse(text, source);
  }

  /** Parses YAML or JSON text; {@code source} names it in messages. */
  public static PipelineDocument parse(String text, String source) throws InvalidPipelineException {
    return DocumentReader.read(text, source);
  }

  /** The 1-based line of the node at {@code pointer}, else of its nearest ancestor that has one. */
  public Optional<Integer> lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return Optional.of(line);
      }
      if (p.isEmpty()) {
        return Optional.empty();
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** A tree that arrived without text (the workflow input). */
  public static PipelineDocument of(JsonNode tree) {
    return new PipelineDocument(tree, Optional.empty(), Map.of());
  }
}
