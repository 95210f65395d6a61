package dev.skein.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects problems, placing each on the line of the node it is about when the text had lines. */
final class Problems {

  private final PipelineDocument document;
  private final List<Problem> list = new ArrayList<>();

  Problems(PipelineDocument document) {
    this.document = document;
  }

  /**
   * @param pointer JSON Pointer of the node the problem is about
   * @param step the step it concerns, or null
   */
  void add(String pointer, String step, String message) {
    list.add(
        new Problem(
            message, document.source(), document.lineOf(pointer), Optional.ofNullable(step)));
  }

  Optional<Integer> lineOf(String pointer) {
    return document.lineOf(pointer);
  }

  /** The node at {@code pointer} (a missing node if there is none). */
  JsonNode tree(String pointer) {
    return document.tree().at(pointer);
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  List<Problem> list() {
    return List.copyOf(list);
  }
}
