package dev.skein.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skein.contract.AgentRequest;
import dev.skein.contract.RenderRequest;
import dev.skein.output.OutputValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The fingerprint of what an agent is asked: hex SHA-256 over a canonical JSON of the agent's name
 * and resolved configuration, the rendered prompt and {@code with}, the output schema and the
 * fan-out item. A retry reuses a step's output only when this is unchanged (see {@link
 * ResumeSource}).
 *
 * <p>A prompt the worker renders (it reads stored outputs) is fingerprinted by its templates and
 * the values they read, stored outputs by the SHA-256 of their content: the same inputs give the
 * same prompt, without reading the store in the workflow. Workflow ids and references' locations
 * are left out, so a retry that reads the same outputs asks the same thing.
 *
 * <p>Deterministic: a pure function of the request, safe in workflow code.
 */
final class RequestDigest {

  // Configured once and never changed; Jackson mappers are safe to share.
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RequestDigest() {}

  /**
   * The digest of a request the launcher built for {@code item} (null for a plain step). With
   * {@code runIdCounts} (engine version 4 on), a worker-rendered template that reads {@code run.id}
   * is fingerprinted with the run's id, as a prompt the workflow renders is: the worker would ask a
   * retry something else, so it must not be reused.
   */
  static String of(AgentRequest request, JsonNode item, boolean runIdCounts) {
    ObjectNode doc = NODES.objectNode();
    doc.put("agent", request.agentName());
    doc.set("config", MAPPER.valueToTree(request.agent()));
    doc.set("schema", request.outputSchema());
    doc.set("item", item);
    RenderRequest render = request.render();
    if (render == null) {
      doc.put("prompt", request.prompt());
      doc.set("with", request.with());
    } else {
      doc.put("prompt_template", render.prompt());
      doc.set("with_template", render.with());
      RenderRequest.Context c = render.context();
      ObjectNode context = doc.putObject("context");
      context.set("inputs", MAPPER.valueToTree(c.inputs()));
      ObjectNode steps = context.putObject("steps");
      if (c.steps() != null) {
        for (Map.Entry<String, RenderRequest.StepValue> e : c.steps().entrySet()) {
          ObjectNode s = steps.putObject(e.getKey());
          s.put("status", e.getValue().status());
          s.set("output", content(e.getValue().output()));
        }
      }
      context.put("pipeline", c.pipeline());
      if (runIdCounts && readsRunId(render)) {
        context.put("run_id", c.runId());
      }
    }
    return sha256(canonical(doc));
  }

  /** Whether the templates may read {@code run.id}; a mention anywhere counts, to be safe. */
  private static boolean readsRunId(RenderRequest render) {
    return (render.prompt() != null && render.prompt().contains("run.id"))
        || (render.with() != null && render.with().toString().contains("run.id"));
  }

  /** An output by its content: inline text as it is, a stored one by its digest. */
  static JsonNode content(OutputValue value) {
    if (value == null) {
      return null;
    }
    if (value.ref() != null) {
      return NODES.objectNode().put("sha256", value.ref().sha256());
    }
    if (value.items() != null) {
      ArrayNode items = NODES.arrayNode();
      value.items().forEach(i -> items.add(content(i)));
      return items;
    }
    if (value.join() != null) {
      ObjectNode join = NODES.objectNode();
      join.put("mode", value.join().mode());
      ObjectNode branches = join.putObject("branches");
      value.join().branches().forEach(b -> branches.set(b.id(), content(b.value())));
      return join;
    }
    if (value.error() != null) {
      return NODES
          .objectNode()
          .put("error_type", value.error().type())
          .put("error", value.error().message());
    }
    return NODES.textNode(value.text());
  }

  /** Compact JSON with every object's fields sorted and nulls left out. */
  static String canonical(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      out.append('{');
      boolean first = true;
      for (String name : names) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
          continue;
        }
        out.append(first ? "" : ",").append(NODES.textNode(name).toString()).append(':');
        write(v, out);
        first = false;
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(node.get(i), out);
      }
      out.append(']');
    } else {
      out.append(node.toString());
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
