package dev.skein.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The values templates and conditions can see: inputs, finished steps (status and output), the
 * fan-out item and index, the run id and pipeline name. Immutable; built per render.
 *
 * <p>Step outputs are {@link StepOutput}s; a reference that reads into one ({@code
 * steps.plan.output.items[0]}) reads it as JSON, which the output parses once for every context it
 * is in.
 */
public final class TemplateContext {

  private final Map<String, JsonNode> inputs;
  private final Map<String, StepState> steps;
  private final JsonNode item;
  private final Integer index;
  private final String runId;
  private final String pipelineName;

  private record StepState(String status, StepOutput output) {}

  /** The result of looking a reference up: a value, a whole step output, or an error. */
  record Resolution(JsonNode value, StepOutput output, String error) {
    static Resolution missing(String error) {
      // A hostile template can name a megabyte-long path; the message stays readable.
      String shown = error.length() <= 500 ? error : error.substring(0, 500) + "…";
      return new Resolution(null, null, shown);
    }

    /** The raw text of a whole step output, null for other values. */
    String rawOutput() {
      return output == null ? null : output.text();
    }

    boolean found() {
      return error == null;
    }
  }

  private TemplateContext(BuilderImpl b) {
    this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
    this.steps = Collections.unmodifiableMap(new LinkedHashMap<>(b.steps));
    this.item = b.item;
    this.index = b.index;
    this.runId = b.runId;
    this.pipelineName = b.pipelineName;
  }

  public static Builder builder() {
    return new BuilderImpl();
  }

  /** A builder holding everything this context holds, to derive another from it. */
  public Builder toBuilder() {
    BuilderImpl b = new BuilderImpl();
    b.inputs.putAll(inputs);
    b.steps.putAll(steps);
    b.item = item;
    b.index = index;
    b.runId = runId;
    b.pipelineName = pipelineName;
    return b;
  }

  /** This context with a fan-out item and index (one per task). */
  public TemplateContext withItem(JsonNode item, int index) {
    return toBuilder().item(item, index).build();
  }

  public Optional<JsonNode> input(String name) {
    return Optional.ofNullable(inputs.get(name));
  }

  public Optional<String> stepStatus(String id) {
    StepState s = steps.get(id);
    return s == null ? Optional.empty() : Optional.ofNullable(s.status());
  }

  public Optional<String> stepOutput(String id) {
    StepState s = steps.get(id);
    return s == null || s.output() == null ? Optional.empty() : Optional.of(s.output().text());
  }

  public Optional<JsonNode> item() {
    return Optional.ofNullable(item);
  }

  public OptionalInt index() {
    return index == null ? OptionalInt.empty() : OptionalInt.of(index);
  }

  public Optional<String> runId() {
    return Optional.ofNullable(runId);
  }

  public Optional<String> pipelineName() {
    return Optional.ofNullable(pipelineName);
  }

  /**
   * The value of a reference, or empty when it has none (missing input, unfinished step, missing
   * field, output that is not JSON). A bare {@code steps.X.output} is its text parsed as JSON, or
   * the text itself when it is not JSON. Conditions use this: a missing path is not an error there.
   */
  public Optional<JsonNode> lookup(TemplateRef ref) {
    Resolution r = resolveDetailed(ref);
    return r.found() ? Optional.of(valueOf(r)) : Optional.empty();
  }

  /** Like {@link #lookup}, but a missing value is a {@link TemplateException} naming the path. */
  public JsonNode resolve(TemplateRef ref) {
    Resolution r = resolveDetailed(ref);
    if (!r.found()) {
      throw new TemplateException(r.error());
    }
    return valueOf(r);
  }

  private static JsonNode valueOf(Resolution r) {
    if (r.output() != null) {
      return r.output().json().orElseGet(() -> TextNode.valueOf(r.output().text()));
    }
    return r.value();
  }

  Resolution resolveDetailed(TemplateRef ref) {
    List<String> path = ref.path();
    String full = RefParser.display(ref.root(), path, path.size());
    switch (ref.root()) {
      case "inputs" -> {
        String name = path.get(0);
        JsonNode value = inputs.get(name);
        if (value == null) {
          return Resolution.missing(
              RefParser.display("inputs", path, 1)
                  + " does not exist (no input named "
                  + name
                  + ")");
        }
        return walk(ref, value, 1, name);
      }
      case "item" -> {
        if (item == null) {
          return Resolution.missing(full + " is not available: item exists only inside for_each");
        }
        return walk(ref, item, 0, "item");
      }
      case "index" -> {
        return index == null
            ? Resolution.missing("index is not available: index exists only inside for_each")
            : new Resolution(IntNode.valueOf(index), null, null);
      }
      case "run" -> {
        return runId == null
            ? Resolution.missing("run.id is not available")
            : new Resolution(TextNode.valueOf(runId), null, null);
      }
      case "pipeline" -> {
        return pipelineName == null
            ? Resolution.missing("pipeline.name is not available")
            : new Resolution(TextNode.valueOf(pipelineName), null, null);
      }
      case "steps" -> {
        return resolveStep(ref, full);
      }
      default -> {
        return Resolution.missing("unknown reference " + ref.expression());
      }
    }
  }

  private Resolution resolveStep(TemplateRef ref, String full) {
    List<String> path = ref.path();
    String id = path.get(0);
    StepState state = steps.get(id);
    if (state == null) {
      return Resolution.missing(full + " is not available: step " + id + " has not finished");
    }
    String field = path.get(1);
    if (field.equals("status")) {
      if (state.status() == null) {
        return Resolution.missing(full + " is not available: step " + id + " has no status");
      }
      return walk(ref, TextNode.valueOf(state.status()), 2, "status");
    }
    if (state.output() == null) {
      return Resolution.missing(full + " is not available: step " + id + " has no output");
    }
    boolean explicit = field.equals("output");
    if (explicit && path.size() == 2) {
      return new Resolution(null, state.output(), null);
    }
    int from = explicit ? 2 : 1;
    Optional<JsonNode> json = state.output().json();
    if (json.isEmpty()) {
      String next = RefParser.display("item", path.subList(from, from + 1), 1).substring(4);
      return Resolution.missing("steps." + id + ".output is not JSON, cannot read " + next);
    }
    return walk(ref, json.get(), from, "output");
  }

  /** Walks {@code path[from..]} into {@code node}; {@code name} is how the node is called. */
  private static Resolution walk(TemplateRef ref, JsonNode node, int from, String name) {
    List<String> path = ref.path();
    JsonNode current = node;
    for (int i = from; i < path.size(); i++) {
      String seg = path.get(i);
      JsonNode next;
      if (current.isObject()) {
        next = current.get(seg);
        if (next == null) {
          String fields = fields(nameAt(ref, i, from, name), current);
          return Resolution.missing(here(ref, i) + " does not exist (" + fields + ")");
        }
      } else if (current.isArray()) {
        int size = current.size();
        if (!RefParser.isDigits(seg)) {
          return missing(ref, i, from, name, "is an array");
        }
        int idx = seg.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(seg);
        if (idx >= size) {
          return missing(
              ref, i, from, name, "has " + size + (size == 1 ? " element" : " elements"));
        }
        next = current.get(idx);
      } else {
        return missing(ref, i, from, name, "is " + JsonValues.describe(current));
      }
      current = next;
    }
    return new Resolution(current == null ? NullNode.getInstance() : current, null, null);
  }

  private static Resolution missing(TemplateRef ref, int i, int from, String name, String why) {
    return Resolution.missing(
        here(ref, i) + " does not exist (" + nameAt(ref, i, from, name) + " " + why + ")");
  }

  /**
   * What the value read by segment {@code i} is called in a message: the previous segment's name
   * ({@code items}), the whole prefix when that was an index ({@code inputs.grid[1]}), or {@code
   * name} at the start of the walk.
   */
  private static String nameAt(TemplateRef ref, int i, int from, String name) {
    if (i == from) {
      return name;
    }
    String previous = ref.path().get(i - 1);
    return RefParser.isDigits(previous) ? here(ref, i - 1) : previous;
  }

  /** The reference as written up to and including segment {@code i}; built only for messages. */
  private static String here(TemplateRef ref, int i) {
    return RefParser.display(ref.root(), ref.path(), i + 1);
  }

  private static String fields(String name, JsonNode object) {
    if (object.isEmpty()) {
      return name + " is an empty object";
    }
    StringBuilder sb = new StringBuilder(name).append(" has fields ");
    Iterator<String> names = object.fieldNames();
    int shown = 0;
    while (names.hasNext()) {
      String f = names.next();
      if (shown == 8) {
        sb.append(", …");
        break;
      }
      sb.append(shown == 0 ? "" : ", ").append(Text.abbreviate(f));
      shown++;
    }
    return sb.toString();
  }

  /** Builds a context. */
  public interface Builder {
    Builder input(String name, JsonNode value);

    /** A step the template may read; {@code output} is its text (null if none yet). */
    Builder step(String id, String status, String output);

    /** A step the template may read; {@code output} is null if it has none yet. */
    Builder step(String id, String status, StepOutput output);

    Builder item(JsonNode item, int index);

    Builder runId(String runId);

    Builder pipelineName(String name);

    TemplateContext build();
  }

  private static final class BuilderImpl implements Builder {
    private final Map<String, JsonNode> inputs = new LinkedHashMap<>();
    private final Map<String, StepState> steps = new LinkedHashMap<>();
    private JsonNode item;
    private Integer index;
    private String runId;
    private String pipelineName;

    @Override
    public Builder input(String name, JsonNode value) {
      // A declared input whose value is null is present: it renders as empty text.
      inputs.put(name, value == null ? NullNode.getInstance() : value);
      return this;
    }

    @Override
    public Builder step(String id, String status, String output) {
      return step(id, status, output == null ? null : StepOutput.of(output));
    }

    @Override
    public Builder step(String id, String status, StepOutput output) {
      steps.put(id, new StepState(status, output));
      return this;
    }

    @Override
    public Builder item(JsonNode item, int index) {
      this.item = item == null ? NullNode.getInstance() : item;
      this.index = index;
      return this;
    }

    @Override
    public Builder runId(String runId) {
      this.runId = runId;
      return this;
    }

    @Override
    public Builder pipelineName(String name) {
      this.pipelineName = name;
      return this;
    }

    @Override
    public TemplateContext build() {
      return new TemplateContext(this);
    }
  }
}
