package dev.skein.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML or JSON text into a JSON tree, noting the line of every node. Builds the tree itself
 * from the streaming parser (iteratively, never recursing) so that it can record lines and refuse
 * hostile input early: alias bombs, very deep nesting, huge documents, binary junk.
 */
final class DocumentReader {

  /** Deeper than any sane pipeline; far below what would threaten the stack of any consumer. */
  static final int MAX_DEPTH = 64;

  static final int MAX_CHARS = 3 * 1024 * 1024;

  /** YAML aliases a document may use; each expands to a copy of its anchored node. */
  static final int MAX_ALIASES = 50;

  /** Nodes after alias expansion; a pipeline of thousands of steps stays far below this. */
  static final int MAX_NODES = 200_000;

  private static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxDocumentLength(MAX_CHARS)
          .maxStringLength(MAX_CHARS)
          .maxNumberLength(100)
          .maxNameLength(10_000)
          .build();

  private static final JsonFactory JSON =
      JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

  private static final YAMLFactory YAML = yamlFactory();

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CHARS);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(false);
    return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(CONSTRAINTS).build();
  }

  private final String source;
  private final Map<String, Integer> lines = new LinkedHashMap<>();
  private final Map<String, JsonNode> anchors = new HashMap<>();
  private int aliases;
  private int nodes;

  private DocumentReader(String source) {
    this.source = source;
  }

  static PipelineDocument read(String text, String source) throws InvalidPipelineException {
    if (text.length() > MAX_CHARS) {
      throw fail(source, null, "the document is too large (more than 3 MB)");
    }
    if (text.isBlank()) {
      throw fail(source, null, "the document is empty");
    }
    int control = firstControlCharacter(text);
    if (control >= 0) {
      throw fail(
          source,
          lineAt(text, control),
          "the document is not text: it contains the control character U+"
              + String.format("%04X", (int) text.charAt(control)));
    }
    DocumentReader reader = new DocumentReader(source);
    JsonNode tree;
    try {
      tree = reader.build(text);
    } catch (InvalidPipelineException e) {
      throw e;
    } catch (StreamConstraintsException e) {
      throw fail(source, null, describeConstraint(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      Optional<org.yaml.snakeyaml.error.MarkedYAMLException> marked = marked(e);
      if (marked.isPresent()) {
        throw fail(source, marked.get().getProblemMark().getLine() + 1, describe(marked.get()));
      }
      throw fail(source, lineOf(e.getLocation()), describeSyntax(e));
    } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // Parsers are hardened above; this is the last line of defence, never a crash.
      throw fail(source, null, "the document could not be read: " + e);
    }
    if (tree == null) {
      throw fail(source, null, "the document is empty");
    }
    if (!tree.isObject()) {
      throw fail(
          source,
          reader.lines.get(""),
          "the top level must be a mapping of keys (name, steps, …), not " + NodeText.typeOf(tree));
    }
    return new PipelineDocument(tree, Optional.ofNullable(source), Map.copyOf(reader.lines));
  }

  private JsonNode build(String text) throws IOException, InvalidPipelineException {
    boolean json = looksLikeJson(text);
    try (JsonParser parser = json ? JSON.createParser(text) : YAML.createParser(text)) {
      JsonNode root = readValue(parser, text);
      if (root != null && parser.nextToken() != null) {
        throw fail(
            source,
            lineOf(parser.currentTokenLocation()),
            "the file holds more than one document; a pipeline is one document");
      }
      return root;
    }
  }

  /** One open container while building: the node, its pointer, and the anchor it will define. */
  private record Frame(JsonNode node, String pointer, String anchor) {}

  private JsonNode readValue(JsonParser parser, String text)
      throws IOException, InvalidPipelineException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Deque<Frame> stack = new ArrayDeque<>();
    String pendingName = null;
    JsonToken token;
    while ((token = parser.nextToken()) != null) {
      int line = lineOf(parser.currentTokenLocation());
      if (token == JsonToken.FIELD_NAME) {
        Frame top = stack.peek();
        pendingName = parser.currentName();
        if (top.node.has(pendingName)) {
          throw fail(source, line, "duplicate key '" + pendingName + "'");
        }
        lines.put(childPointer(top, pendingName), line);
        continue;
      }
      if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        Frame done = stack.pop();
        if (done.anchor != null) {
          anchors.put(done.anchor, done.node);
        }
        if (stack.isEmpty()) {
          return done.node;
        }
        continue;
      }
      Frame parent = stack.peek();
      String pointer = parent == null ? "" : childPointer(parent, pendingName);
      lines.putIfAbsent(pointer, line);
      if (++nodes > MAX_NODES) {
        throw fail(source, line, "the document has too many values (more than " + MAX_NODES + ")");
      }
      String anchor = anchorOf(parser);
      JsonNode value;
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        if (stack.size() >= MAX_DEPTH) {
          throw fail(source, line, "the document is too deeply nested (more than 64 levels)");
        }
        value = token == JsonToken.START_OBJECT ? f.objectNode() : f.arrayNode();
      } else if (isAlias(parser)) {
        value = expandAlias(parser.getText(), line);
      } else {
        value = bareInput(pointer, token, parser, text) ? f.nullNode() : scalar(parser, token, f);
        if (anchor != null) {
          anchors.put(anchor, value);
        }
      }
      if (parent == null) {
        if (!value.isContainerNode()) {
          return value;
        }
      } else if (parent.node instanceof ObjectNode object) {
        object.set(pendingName, value);
      } else {
        ((ArrayNode) parent.node).add(value);
      }
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        stack.push(new Frame(value, pointer, anchor));
      }
      pendingName = null;
    }
    return null;
  }

  private JsonNode expandAlias(String anchor, int line) throws InvalidPipelineException {
    if (++aliases > MAX_ALIASES) {
      throw fail(
          source,
          line,
          "the document uses too many YAML aliases (more than "
              + MAX_ALIASES
              + "); aliases that expand to huge documents are refused");
    }
    JsonNode target = anchors.get(anchor);
    if (target == null) {
      throw fail(source, line, "the YAML alias '*" + anchor + "' refers to no complete anchor");
    }
    nodes += countNodes(target);
    if (nodes > MAX_NODES) {
      throw fail(
          source,
          line,
          "YAML aliases expand the document to too many values (more than "
              + MAX_NODES
              + "); aliases that expand to huge documents are refused");
    }
    return target.deepCopy();
  }

  private static int countNodes(JsonNode node) {
    int count = 0;
    Deque<JsonNode> todo = new ArrayDeque<>(List.of(node));
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      count++;
      if (count > MAX_NODES) {
        return count;
      }
      n.forEach(todo::push);
    }
    return count;
  }

  private static JsonNode scalar(JsonParser parser, JsonToken token, JsonNodeFactory f)
      throws IOException {
    return switch (token) {
      case VALUE_STRING -> f.textNode(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> f.numberNode(parser.getIntValue());
            case LONG -> f.numberNode(parser.getLongValue());
            default -> f.numberNode(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> f.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> f.booleanNode(true);
      case VALUE_FALSE -> f.booleanNode(false);
      case VALUE_NULL -> f.nullNode();
      default -> f.textNode(parser.getText());
    };
  }

  /**
   * An input written with nothing after the colon ({@code topic:}) has no default: it is null, as
   * {@code topic: ~} is, not the empty text {@code topic: ""} is. The YAML parser reports both as
   * empty text; only the quote at the value's position tells them apart.
   */
  private static boolean bareInput(String pointer, JsonToken token, JsonParser parser, String text)
      throws IOException {
    if (token != JsonToken.VALUE_STRING
        || !(parser instanceof YAMLParser)
        || !parser.getText().isEmpty()
        || !pointer.matches("/inputs/[^/]+")) {
      return false;
    }
    long at = parser.currentTokenLocation().getCharOffset();
    return at < 0
        || at >= text.length()
        || (text.charAt((int) at) != '"' && text.charAt((int) at) != '\'');
  }

  private static boolean isAlias(JsonParser parser) {
    return parser instanceof YAMLParser yaml && yaml.isCurrentAlias();
  }

  private static String anchorOf(JsonParser parser) {
    return parser instanceof YAMLParser yaml && !yaml.isCurrentAlias()
        ? yaml.getCurrentAnchor()
        : null;
  }

  private static String childPointer(Frame parent, String name) {
    if (parent.node.isArray()) {
      return parent.pointer + "/" + parent.node.size();
    }
    return parent.pointer + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  private static boolean looksLikeJson(String text) {
    String t = text.stripLeading();
    return t.startsWith("{") || t.startsWith("[");
  }

  /** Tab, newline and carriage return are text; other C0 controls mean binary data. */
  private static int firstControlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return i;
      }
    }
    return -1;
  }

  private static int lineAt(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static Integer lineOf(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? null : location.getLineNr();
  }

  private static String describeSyntax(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    String lower = message.toLowerCase();
    if (lower.contains("nesting depth") || lower.contains("nesting limit")) {
      return "the document is too deeply nested (more than 64 levels)";
    }
    if (lower.contains("aliases")) {
      return "the document uses too many YAML aliases; aliases that expand to huge documents are"
          + " refused";
    }
    if (lower.contains("code points") || lower.contains("exceeds the limit")) {
      return "the document is too large (more than 3 MB)";
    }
    java.util.regex.Matcher duplicate =
        java.util.regex.Pattern.compile("Duplicate field '(.*)'").matcher(message);
    if (duplicate.find()) {
      return "duplicate key '" + duplicate.group(1) + "'";
    }
    // Keep the parser's own first line: it says what it expected and found.
    String firstLine = message.lines().findFirst().orElse(message).strip();
    return "syntax error: " + firstLine;
  }

  /** SnakeYAML's own exception, which knows what it found where, when it is the cause. */
  private static Optional<org.yaml.snakeyaml.error.MarkedYAMLException> marked(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m
          && m.getProblem() != null
          && m.getProblemMark() != null) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * The parser's explanation: what it found at which column of the problem's line, and what it was
   * reading then, e.g. {@code syntax error at column 3: expected <block end>, but found a new key
   * (while parsing a block collection from line 3, column 3)}. Jackson's own message keeps only the
   * context's first line, which says neither.
   */
  private static String describe(org.yaml.snakeyaml.error.MarkedYAMLException m) {
    StringBuilder sb =
        new StringBuilder("syntax error at column ")
            .append(m.getProblemMark().getColumn() + 1)
            .append(": ")
            .append(m.getProblem().strip().replace("'?'", "a new key"));
    if (m.getContext() != null) {
      sb.append(" (").append(m.getContext().strip());
      if (m.getContextMark() != null) {
        sb.append(" from ").append(position(m.getContextMark()));
      }
      sb.append(")");
    }
    return sb.toString();
  }

  private static String position(org.yaml.snakeyaml.error.Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static String describeConstraint(String message) {
    String lower = message == null ? "" : message.toLowerCase();
    if (lower.contains("nesting depth")) {
      return "the document is too deeply nested (more than 64 levels)";
    }
    if (lower.contains("number")) {
      return "the document holds a number that is too long";
    }
    return "the document is too large (more than 3 MB)";
  }

  static InvalidPipelineException fail(String source, Integer line, String message) {
    return new InvalidPipelineException(
        List.of(
            new Problem(
                message,
                Optional.ofNullable(source),
                Optional.ofNullable(line),
                Optional.empty())));
  }
}
