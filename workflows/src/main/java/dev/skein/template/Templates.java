package dev.skein.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders {@code {{ … }}} references. Strict: a missing value is a {@link TemplateException} naming
 * the path. Pure and deterministic (it runs in workflow code); nothing is evaluated as code.
 *
 * <p>Text outside {@code {{ }}} is copied verbatim. Values render as: strings as they are, numbers
 * and booleans as JSON text, objects and arrays as compact JSON, {@code steps.X.output} as its raw
 * text, and a JSON null that is present (an input set to null, a field whose value is null) as
 * empty text — a prompt never shows the word {@code null} by accident.
 */
public final class Templates {

  private Templates() {}

  /** Renders to text; JSON values are written as compact JSON, strings as they are. */
  public static String render(String template, TemplateContext context) {
    StringBuilder out = new StringBuilder(template.length());
    for (TemplateScanner.Part part : TemplateScanner.scan(template)) {
      if (part.ref() == null) {
        out.append(part.text());
      } else {
        TemplateContext.Resolution r = resolve(part.ref(), context);
        out.append(r.rawOutput() != null ? r.rawOutput() : JsonValues.toText(r.value()));
      }
    }
    return out.toString();
  }

  /**
   * Renders keeping JSON types: a template that is exactly one reference yields that value (an
   * array stays an array, which {@code for_each} needs); anything else yields a text node. A text
   * result that parses as a JSON array is returned as that array.
   *
   * <p>"Exactly one reference" ignores whitespace around it. A {@code steps.X.output} reference
   * yields its text parsed as JSON, or the text itself when it is not JSON; a present JSON null
   * stays a JSON null here.
   */
  public static JsonNode renderValue(String template, TemplateContext context) {
    List<TemplateScanner.Part> parts = TemplateScanner.scan(template);
    Optional<TemplateRef> single = singleReference(parts);
    if (single.isPresent()) {
      return context.resolve(single.get());
    }
    String text = render(template, context);
    Optional<JsonNode> json = JsonValues.parse(text);
    if (json.isPresent() && json.get().isArray()) {
      return json.get();
    }
    return TextNode.valueOf(text);
  }

  /**
   * Renders every string inside a JSON tree (the {@code with} block); other values unchanged. A
   * string that is exactly one reference keeps the referenced value's JSON type ({@code times: "{{
   * inputs.n }}"} with {@code n: 3} becomes the number 3); any other string renders to text. Object
   * keys are not rendered. Returns a new tree; the argument is not modified.
   */
  public static JsonNode renderTree(JsonNode tree, TemplateContext context) {
    if (tree == null) {
      return null;
    }
    if (tree.isTextual()) {
      List<TemplateScanner.Part> parts = TemplateScanner.scan(tree.textValue());
      Optional<TemplateRef> single = singleReference(parts);
      return single.isPresent()
          ? context.resolve(single.get())
          : TextNode.valueOf(render(tree.textValue(), context));
    }
    if (tree.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        copy.set(field.getKey(), renderTree(field.getValue(), context));
      }
      return copy;
    }
    if (tree.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode(tree.size());
      for (JsonNode element : tree) {
        copy.add(renderTree(element, context));
      }
      return copy;
    }
    return tree;
  }

  /** The references a template makes, in order; a syntax error is a {@link TemplateException}. */
  public static List<TemplateRef> references(String template) {
    List<TemplateRef> refs = new ArrayList<>();
    for (TemplateScanner.Part part : TemplateScanner.scan(template)) {
      if (part.ref() != null) {
        refs.add(part.ref());
      }
    }
    return refs;
  }

  /**
   * Parses one reference written without braces ({@code steps.plan.output.items[0]}); a malformed
   * one is a {@link TemplateException}.
   */
  public static TemplateRef parseReference(String expression) {
    String trimmed = expression.strip();
    return RefParser.parse(trimmed, 1 + expression.indexOf(trimmed.isEmpty() ? "" : trimmed));
  }

  private static TemplateContext.Resolution resolve(TemplateRef ref, TemplateContext context) {
    TemplateContext.Resolution r = context.resolveDetailed(ref);
    if (!r.found()) {
      throw new TemplateException(r.error());
    }
    return r;
  }

  private static Optional<TemplateRef> singleReference(List<TemplateScanner.Part> parts) {
    TemplateRef found = null;
    for (TemplateScanner.Part part : parts) {
      if (part.ref() != null) {
        if (found != null) {
          return Optional.empty();
        }
        found = part.ref();
      } else if (!Text.isBlank(part.text())) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(found);
  }
}
