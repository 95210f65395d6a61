package dev.skein.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.skein.parse.InvalidPipelineException;
import dev.skein.parse.PipelineDocument;
import dev.skein.parse.PipelineParser;
import dev.skein.parse.PipelineSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON Schema for editors and the parser agree: what the parser accepts (every example, every
 * pipeline in the tests) the schema accepts, and shape errors the parser refuses (an unknown key, a
 * wrong type, a missing required key) the schema refuses too. The schema cannot see across the
 * document (references, templates, cycles), so those are the parser's alone.
 */
class SchemaAgreementTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private static final Schema SCHEMA = REGISTRY.getSchema(tree(PipelineSchema.text()));

  /** Pipelines the tests' sources hold as text blocks. */
  private static final Pattern TEXT_BLOCK =
      Pattern.compile("\"\"\"[ \\t]*\\n(.*?)\"\"\"", Pattern.DOTALL);

  @Test
  void theCommittedCopyIsTheShippedSchema() throws IOException {
    Path committed = RepositoryFiles.root().resolve("docs/skein-pipeline.schema.json");

    assertThat(Files.readString(committed))
        .as("docs/skein-pipeline.schema.json must be a copy of %s", PipelineSchema.RESOURCE)
        .isEqualTo(PipelineSchema.text());
  }

  @Test
  void theSchemaIsAValidDraft202012Schema() {
    Schema meta =
        REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertThat(meta.validate(tree(PipelineSchema.text()))).isEmpty();
  }

  static Stream<Path> exampleFiles() {
    return RepositoryFiles.yamlExamples().stream()
        .flatMap(yaml -> Stream.of(yaml, RepositoryFiles.jsonCopyOf(yaml)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void everyExampleValidates(Path file) throws InvalidPipelineException {
    assertThat(errors(PipelineDocument.read(file).tree())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("yamlExamples")
  void everyExampleNamesTheSchemaForEditors(Path yaml) throws IOException {
    Path schema = RepositoryFiles.root().resolve("docs/skein-pipeline.schema.json");
    String expected =
        "# yaml-language-server: $schema="
            + yaml.getParent().relativize(schema).toString().replace('\\', '/');

    assertThat(Files.readAllLines(yaml).get(0)).isEqualTo(expected);
  }

  static Stream<Path> yamlExamples() {
    return RepositoryFiles.yamlExamples().stream();
  }

  /**
   * Every pipeline the parser accepts among the tests' files and text blocks validates. The count
   * keeps the scan honest: it must find the tests' pipelines, not silently nothing.
   */
  @Test
  void everyTestPipelineTheParserAcceptsValidates() throws IOException {
    List<String> accepted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Candidate c : testPipelines()) {
      Optional<JsonNode> tree = accepted(c.text());
      if (tree.isEmpty()) {
        continue;
      }
      accepted.add(c.where());
      List<String> errors = errors(tree.get());
      if (!errors.isEmpty()) {
        refused.add(c.where() + ": " + errors + "\n" + c.text());
      }
    }

    assertThat(refused).as("pipelines the parser accepts but the schema refuses").isEmpty();
    assertThat(accepted).as("pipelines found in the tests").hasSizeGreaterThan(60);
  }

  /** The corpus's documents that are shape errors: the schema refuses each, like the parser. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "bad-mode.yaml",
        "bad-on-error.yaml",
        "bad-on-result-action.yaml",
        "bad-pipeline-name.yaml",
        "bad-step-id.yaml",
        "bad-duration-negative.yaml",
        "bad-duration-words.yaml",
        "bad-duration-unit.yaml",
        "bad-duration-overflow.yaml",
        "bad-duration-retry.yaml",
        "bad-schema-scalar.yaml",
        "bad-schema-type.yaml",
        "empty-steps.yaml",
        "for-each-on-join.yaml",
        "huge-max-concurrency.yaml",
        "inputs-not-mapping.yaml",
        "join-and-agent.yaml",
        "join-no-branches.yaml",
        "kind-mismatch.yaml",
        "missing-name.yaml",
        "missing-step-id.yaml",
        "missing-steps.yaml",
        "negative-step-max-concurrency.yaml",
        "retry-fractional-attempts.yaml",
        "retry-zero-attempts.yaml",
        "type-allow-failure-string.yaml",
        "type-command-string.yaml",
        "type-depends-on-number.yaml",
        "type-max-concurrency-string.yaml",
        "type-prompt-list.yaml",
        "type-steps-mapping.yaml",
        "unknown-key-agent.yaml",
        "unknown-key-defaults.yaml",
        "unknown-key-on-result.yaml",
        "unknown-key-retry.yaml",
        "unknown-key-step.yaml",
        "unknown-key-top.yaml",
        "unknown-kind.yaml",
        "zero-max-concurrency.yaml"
      })
  void shapeErrorsOfTheCorpusFailTheSchema(String name) throws Exception {
    Path file = Path.of(getClass().getResource("/bad-inputs/" + name).toURI());
    String text = Files.readString(file);

    assertThat(accepted(text)).as("the parser refuses %s", name).isEmpty();
    assertThat(errors(PipelineDocument.parse(text, name).tree()))
        .as("the schema refuses %s", name)
        .isNotEmpty();
  }

  /** Shape errors of the keys the corpus leaves out: agents, accounting, budgets, options. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "agents: {llm: {kind: openai, base_url: 'http://h/v1'}}",
        "agents: {llm: {kind: openai, base_url: 'http://h/v1', model: m, stream: sometimes}}",
        "agents: {llm: {kind: openai, base_url: 'http://h/v1', model: m, max_tokens: 0}}",
        "agents: {c: {kind: command}}",
        "agents: {c: {kind: command, command: []}}",
        "agents: {c: {kind: command, command: ['', x]}}",
        "agents: {c: {kind: command, command: [x], prompt_via: file}}",
        "agents: {c: {kind: command, command: [x], env: {A: [1]}}}",
        "agents: {c: {kind: command, command: [x], pass_env: KEY}}",
        "agents: {c: {kind: command, command: [x], grace_period: 0s}}",
        "agents: {c: {kind: command, command: [x], max_output: lots}}",
        "agents: {c: {kind: command, command: [x], usage: json}}",
        "agents: {c: {kind: command, command: [x], usage: magic}}",
        "agents: {c: {kind: command, command: [x], usage: {input_tokens: a}}}",
        "agents: {c: {kind: command, command: [x], usage: {extractor: json}}}",
        "agents: {c: {kind: command, command: [x], usage: {extractor: json, cached_tokens: a}}}",
        "agents: {c: {kind: command, command: [x], usage: {extractor: claude, cost_usd: a}}}",
        "agents: {c: {kind: command, command: [x], price: {input_per_mtok: 1}}}",
        "agents: {c: {kind: command, command: [x], usage: none, price: {input_per_mtok: 1}}}",
        "agents: {c: {kind: command, command: [x], usage: claude, price: {}}}",
        "agents: {c: {kind: command, command: [x], usage: claude, price: {input_per_mtok: -1}}}",
        "agents: {c: {kind: command, command: [x], usage: claude, price: {per_call: 1}}}",
        "agents: {e: {kind: echo, command: [x]}}",
        "agents: {e: {}}",
        "agents: {e: echo}",
        "budget: {}",
        "budget: {max_cost_usd: 0}",
        "budget: {max_tokens: 1.5}",
        "budget: {max_usd: 1}",
        "on_budget: halt",
        "timeout: 10",
        "description: [a]",
        "defaults: {agent: ''}",
        "defaults: {task_queue: ''}",
        "defaults: {max_items: 0}",
        "defaults: {retry: {backoff: 0.5}}",
        "defaults: {retry: {retry_invalid_output: 'no'}}",
        "defaults: {budget: {max_cost_usd: -1}}",
        "defaults: {on_budget: later}",
        "defaults: {heartbeat_timeout: 1d}",
        "defaults: 3",
        "defaults: {on_error: pause}",
        "defaults: {pause_timeout: 1h}",
      })
  void otherShapeErrorsFailTheSchema(String topLevel) throws Exception {
    String text = "name: x\n" + topLevel + "\nsteps:\n  - id: a\n    prompt: hi\n";

    assertThat(accepted(text)).as("the parser refuses %s", topLevel).isEmpty();
    assertThat(errors(PipelineDocument.parse(text, "doc").tree()))
        .as("the schema refuses %s", topLevel)
        .isNotEmpty();
  }

  /** Shape errors of a step. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{id: b, with: {duration: 1s}}",
        "{id: b}",
        "{id: b, prompt: hi, on_error: wait_for_all}",
        "{id: b, prompt: hi, when: 5}",
        "{id: b, prompt: hi, on_result: [{when: always}]}",
        "{id: b, prompt: hi, on_result: [{action: abort}]}",
        "{id: b, prompt: hi, on_result: {when: always, action: abort}}",
        "{id: b, prompt: hi, with: [1]}",
        "{id: b, prompt: hi, task_queue: ' '}",
        "{id: b, prompt: hi, agent: ''}",
        "{id: b, prompt: hi, max_items: 100001}",
        "{id: b, prompt: hi, stall_timeout: 5 minutes}",
        "{id: b, prompt: hi, budget: {max_cost_usd: 1, max_calls: 3}}",
        "{id: b, prompt: hi, on_budget: stop_now}",
        "{id: b, prompt: hi, output_schema: {type: 7}}",
        "{id: b, agent: sleep, with: {duraton: 2s}}",
        "{id: b, agent: fail, with: {times: 1, retriable: false}}",
        "{id: b, for_each: [1, 2], prompt: hi}",
        "{id: b, join: [a], budget: {max_cost_usd: 1}}",
        "{id: b, join: [a], on_budget: cancel}",
        "{id: b, join: [a], with: {x: 1}}",
        "{id: b, join: a}",
        "{id: b, approval: {}}",
        "{id: b, approval: {prompt: ''}}",
        "{id: b, approval: {prompt: ship, on_timeout: approve}}",
        "{id: b, approval: {prompt: ship, timeout: 1h, on_timeout: maybe}}",
        "{id: b, approval: {prompt: ship, on_reject: retry}}",
        "{id: b, approval: {prompt: ship, by: alice}}",
        "{id: b, approval: {prompt: ship}, agent: echo}",
        "{id: b, approval: {prompt: ship}, timeout: 1h}",
        "{id: b, approval: ship}",
        "{id: b, prompt: hi, pause_timeout: 1h}",
        "{id: b, prompt: hi, on_error: pause, pause_timeout: soon}",
        "{id: b, join: [a], on_error: pause}",
        "{id: b, for_each: '[1]', prompt: hi, on_error: stop}",
        "{id: B, prompt: hi}",
        "{id: 7, prompt: hi}",
        "hello",
      })
  void stepShapeErrorsFailTheSchema(String step) throws Exception {
    String text = "name: x\nsteps:\n  - id: a\n    prompt: hi\n  - " + step + "\n";

    assertThat(accepted(text)).as("the parser refuses %s", step).isEmpty();
    assertThat(errors(PipelineDocument.parse(text, "doc").tree()))
        .as("the schema refuses %s", step)
        .isNotEmpty();
  }

  /**
   * The built-in sleep and fail agents refuse with keys they do not read, whether a step names them
   * or inherits them from defaults.agent; an agent of the pipeline's own under the same name reads
   * what it likes.
   */
  @Test
  void withKeysOfBuiltInAgentsAgree() throws Exception {
    String named = "name: x\nsteps:\n  - {id: a, agent: sleep, with: {duraton: 2s}}\n";
    String inherited =
        "name: x\ndefaults: {agent: fail}\nsteps:\n  - {id: a, for_each: '[1]', with: {time: 1}}\n";
    String shadowed =
        "name: x\nagents: {sleep: {kind: command, command: [x]}}\n"
            + "defaults: {agent: sleep}\nsteps:\n"
            + "  - {id: a, agent: sleep, with: {duraton: 2s}}\n  - {id: b, for_each: '[1]', with: {y: 1}}\n";
    String known =
        "name: x\ndefaults: {agent: sleep}\nsteps:\n  - {id: a, for_each: '[1]', with: {duration: 1s}}\n"
            + "  - {id: b, agent: fail, with: {times: 1, message: no, retryable: false}}\n";

    for (String refused : List.of(named, inherited)) {
      assertThat(accepted(refused)).as(refused).isEmpty();
      assertThat(errors(PipelineDocument.parse(refused, "doc").tree())).as(refused).isNotEmpty();
    }
    for (String fine : List.of(shadowed, known)) {
      assertThat(accepted(fine)).as(fine).isPresent();
      assertThat(errors(accepted(fine).get())).as(fine).isEmpty();
    }
  }

  /**
   * Each example, changed in one place at a time: an unknown key added to a mapping, or a value
   * replaced by one of another type. Wherever the parser accepts the change, the schema must too;
   * wherever the parser refuses it, the change is a shape error and the schema must refuse it too.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("yamlExamples")
  void parserAndSchemaAgreeOnEveryOneKeyChange(Path yaml) throws InvalidPipelineException {
    JsonNode original = PipelineDocument.read(yaml).tree();
    List<String> disagreements = new ArrayList<>();
    int changes = 0;
    for (Mutation m : mutations(original, "")) {
      changes++;
      boolean parser = accepted(m.tree());
      boolean schema = errors(m.tree()).isEmpty();
      if (parser != schema) {
        disagreements.add(
            m.description() + ": the parser " + (parser ? "accepts" : "refuses") + " it");
      }
    }

    assertThat(disagreements).as("changes of %s where schema and parser disagree", yaml).isEmpty();
    assertThat(changes).isGreaterThan(20);
  }

  private record Mutation(String description, JsonNode tree) {}

  private static List<Mutation> mutations(JsonNode root, String unused) {
    List<Mutation> out = new ArrayList<>();
    collect(root, root, "", out);
    return out;
  }

  private static void collect(JsonNode root, JsonNode node, String pointer, List<Mutation> out) {
    if (node.isObject()) {
      JsonNode added = root.deepCopy();
      ((ObjectNode) added.at(pointer.isEmpty() ? "" : pointer)).put("zz_unknown", "x");
      out.add(new Mutation("key zz_unknown added at '" + pointer + "'", added));
      node.fields()
          .forEachRemaining(
              e -> {
                String child = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                replacements(root, child, e.getValue(), out);
                collect(root, e.getValue(), child, out);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String child = pointer + "/" + i;
        replacements(root, child, node.get(i), out);
        collect(root, node.get(i), child, out);
      }
    }
  }

  /** The value at {@code pointer} replaced by values of other JSON types. */
  private static void replacements(
      JsonNode root, String pointer, JsonNode value, List<Mutation> out) {
    List<JsonNode> others = new ArrayList<>();
    if (value.isContainerNode()) {
      others.add(JSON.getNodeFactory().numberNode(7));
    } else {
      others.add(JSON.createObjectNode().put("zz", 1));
      if (value.isTextual()) {
        others.add(JSON.getNodeFactory().numberNode(7));
      } else {
        others.add(JSON.getNodeFactory().textNode("seven"));
      }
    }
    for (JsonNode other : others) {
      JsonNode changed = root.deepCopy();
      int slash = pointer.lastIndexOf('/');
      JsonNode parent = changed.at(pointer.substring(0, slash));
      String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
      if (parent instanceof ObjectNode o) {
        o.set(last, other);
      } else {
        ((ArrayNode) parent).set(Integer.parseInt(last), other);
      }
      out.add(new Mutation("'" + pointer + "' replaced by " + other, changed));
    }
  }

  private record Candidate(String where, String text) {}

  /**
   * Pipeline files of the tests' resources and pipelines written as text blocks in test sources.
   */
  private static List<Candidate> testPipelines() throws IOException {
    List<Candidate> found = new ArrayList<>();
    Path root = RepositoryFiles.root();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file :
          files
              .filter(p -> p.toString().contains("/src/test/"))
              .filter(p -> !p.toString().contains("/histories/"))
              .filter(p -> !p.toString().contains("/node_modules/"))
              .sorted()
              .toList()) {
        String name = file.getFileName().toString();
        String where = root.relativize(file).toString();
        if (name.endsWith(".java")) {
          Matcher m = TEXT_BLOCK.matcher(Files.readString(file));
          int n = 0;
          while (m.find()) {
            n++;
            String block = m.group(1).stripIndent().translateEscapes();
            if (block.contains("steps:")) {
              found.add(new Candidate(where + " block " + n, block));
            }
          }
        } else if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
          found.add(new Candidate(where, Files.readString(file)));
        }
      }
    }
    return found;
  }

  private static Optional<JsonNode> accepted(String text) {
    try {
      PipelineDocument document = PipelineDocument.parse(text, "doc");
      PipelineParser.parse(document);
      return Optional.of(document.tree());
    } catch (InvalidPipelineException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean accepted(JsonNode tree) {
    try {
      PipelineParser.parse(tree);
      return true;
    } catch (InvalidPipelineException e) {
      return false;
    }
  }

  private static List<String> errors(JsonNode tree) {
    return SCHEMA.validate(tree).stream().map(Object::toString).toList();
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
