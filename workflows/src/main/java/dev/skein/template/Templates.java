package dev.skein.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Renders {@code {{ … }}} references. Strict: a missing value is a {@link TemplateException} naming
 * the path. Pure and deterministic (it runs in workflow code); nothing is evaluated as code.
 */
public final class Templates {

  private Templates() {}

  /** Renders to text; JSON values are written as compact JSON, strings as they are. */
  public static String render(String template, TemplateContext context) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Renders keeping JSON types: a template that is exactly one reference yields that value (an
   * array stays an array, which {@code for_each} needs); anything else yields a text node. A text
   * result that parses as a JSON array is returned as that array.
   */
  public static JsonNode renderValue(String template, TemplateContext context) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Renders every string inside a JSON tree (the {@code with} block); other values unchanged. */
  public static JsonNode renderTree(JsonNode tree, TemplateContext context) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The references a template makes, in order; a syntax error is a {@link TemplateException}. */
  public static List<TemplateRef> references(String template) {
    throw new UnsupportedOperationException("TODO");
  }
}
