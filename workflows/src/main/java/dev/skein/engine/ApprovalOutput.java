package dev.skein.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An approval step's output: {@code {"decision": "approved" | "rejected", "by", "comment", "at"}},
 * what templates and conditions read ({@code steps.ship.output.decision}).
 */
final class ApprovalOutput {

  /** Who a timeout's decision is by. */
  static final String TIMEOUT = "timeout";

  private ApprovalOutput() {}

  static ObjectNode of(String action, Gate.End end) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("decision", action.equals(Decision.APPROVE) ? "approved" : "rejected");
    Decision d = end.decision();
    if (d == null) {
      out.put("by", TIMEOUT);
      out.putNull("comment");
    } else {
      out.put("by", d.by());
      out.put("comment", d.comment());
    }
    out.put("at", end.at());
    return out;
  }

  /** The failure of a rejected approval under {@code on_reject: fail}. */
  static String rejection(Gate.End end) {
    Decision d = end.decision();
    if (d == null) {
      return "rejected: its timeout ran out (on_timeout: reject)";
    }
    return "rejected"
        + (d.by() == null ? "" : " by " + d.by())
        + (d.comment() == null ? "" : ": " + d.comment());
  }
}
