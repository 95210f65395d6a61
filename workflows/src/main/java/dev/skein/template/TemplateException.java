package dev.skein.template;

/**
 * A template that does not parse, or a reference with no value at render time. Its message names
 * the path ({@code steps.plan.output.items[3]}).
 */
public class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }
}
