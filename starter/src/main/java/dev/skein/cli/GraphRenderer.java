package dev.skein.cli;

import dev.skein.model.Pipeline;
import dev.skein.model.Step;
import dev.skein.plan.Plan;
import dev.skein.run.StepRecord;
import dev.skein.run.StepStatus;
import java.util.List;
import java.util.Map;

/** Draws a plan as text levels, Mermaid or Graphviz dot, optionally with run statuses. */
final class GraphRenderer {

  private GraphRenderer() {}

  static String render(Plan plan, GraphFormat format, Map<String, StepRecord> statuses) {
    return switch (format) {
      case text -> text(plan, statuses);
      case mermaid -> mermaid(plan, statuses);
      case dot -> dot(plan, statuses);
    };
  }

  static String text(Plan plan, Map<String, StepRecord> statuses) {
    Pipeline p = plan.pipeline();
    List<List<String>> levels = plan.levels();
    StringBuilder sb = new StringBuilder();
    sb.append(p.name())
        .append(": ")
        .append(p.steps().size())
        .append(" steps in ")
        .append(levels.size())
        .append(" levels (")
        .append(p.mode().toString().toLowerCase())
        .append(" mode)\n");
    int width = p.steps().stream().mapToInt(s -> s.id().length()).max().orElse(4);
    for (int level = 0; level < levels.size(); level++) {
      boolean first = true;
      for (String id : levels.get(level)) {
        Step step = p.step(id).orElseThrow();
        sb.append(first ? String.format("level %-3d ", level) : " ".repeat(10));
        first = false;
        StringBuilder line = new StringBuilder(String.format("%-" + width + "s", id));
        var deps = plan.dependencies(id);
        if (!deps.isEmpty()) {
          line.append("  <- ").append(String.join(", ", deps));
        }
        String kind = kind(step);
        if (!kind.isEmpty()) {
          line.append("  (").append(kind).append(')');
        }
        StepRecord record = statuses.get(id);
        if (record != null) {
          line.append("  [").append(Format.status(record)).append(']');
        }
        sb.append(line.toString().stripTrailing()).append('\n');
      }
    }
    return sb.toString();
  }

  static String mermaid(Plan plan, Map<String, StepRecord> statuses) {
    Pipeline p = plan.pipeline();
    StringBuilder sb = new StringBuilder("flowchart TD\n");
    for (Step step : p.steps()) {
      String label = label(step, statuses.get(step.id()));
      String node =
          switch (step.kind()) {
            case JOIN -> "{{\"" + label + "\"}}";
            case FAN_OUT -> "[[\"" + label + "\"]]";
            case AGENT -> "[\"" + label + "\"]";
            case APPROVAL -> "[/\"" + label + "\"/]";
          };
      sb.append("  ").append(nodeId(p, step.id())).append(node).append('\n');
    }
    for (Step step : p.steps()) {
      for (String dep : plan.dependencies(step.id())) {
        sb.append("  ")
            .append(nodeId(p, dep))
            .append(" --> ")
            .append(nodeId(p, step.id()))
            .append('\n');
      }
    }
    if (!statuses.isEmpty()) {
      for (StepStatus s : StepStatus.values()) {
        sb.append("  classDef ")
            .append(s.wireName())
            .append(" fill:")
            .append(fill(s))
            .append(",stroke:#555\n");
      }
      for (Step step : p.steps()) {
        StepRecord r = statuses.get(step.id());
        if (r != null && r.status() != null) {
          sb.append("  class ")
              .append(nodeId(p, step.id()))
              .append(' ')
              .append(r.status().wireName())
              .append('\n');
        }
      }
    }
    return sb.toString();
  }

  static String dot(Plan plan, Map<String, StepRecord> statuses) {
    Pipeline p = plan.pipeline();
    StringBuilder sb = new StringBuilder();
    sb.append("digraph \"").append(p.name()).append("\" {\n");
    sb.append("  rankdir=TB;\n");
    sb.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\"];\n");
    for (Step step : p.steps()) {
      StepRecord r = statuses.get(step.id());
      sb.append("  \"").append(step.id()).append("\" [label=\"").append(label(step, r)).append('"');
      if (step.isJoin()) {
        sb.append(", shape=hexagon");
      } else if (step.isFanOut()) {
        sb.append(", peripheries=2");
      }
      if (r != null && r.status() != null) {
        sb.append(", fillcolor=\"").append(fill(r.status())).append('"');
      }
      sb.append("];\n");
    }
    for (Step step : p.steps()) {
      for (String dep : plan.dependencies(step.id())) {
        sb.append("  \"").append(dep).append("\" -> \"").append(step.id()).append("\";\n");
      }
    }
    for (List<String> level : plan.levels()) {
      sb.append("  { rank=same;");
      level.forEach(id -> sb.append(" \"").append(id).append("\";"));
      sb.append(" }\n");
    }
    return sb.append("}\n").toString();
  }

  private static String kind(Step step) {
    return switch (step.kind()) {
      case JOIN -> "join";
      case FAN_OUT -> "for_each";
      case AGENT -> step.when().map(w -> "when").orElse("");
      case APPROVAL -> "approval";
    };
  }

  private static String label(Step step, StepRecord record) {
    String agent = step.agent().map(a -> " · " + a).orElse("");
    String status = record == null ? "" : " (" + Format.status(record) + ")";
    return step.id() + agent + status;
  }

  /** Mermaid ids are safest as plain words; step ids may hold '-'. */
  private static String nodeId(Pipeline p, String stepId) {
    for (int i = 0; i < p.steps().size(); i++) {
      if (p.steps().get(i).id().equals(stepId)) {
        return "s" + i;
      }
    }
    return stepId.replaceAll("[^A-Za-z0-9_]", "_");
  }

  private static String fill(StepStatus s) {
    return switch (s) {
      case SUCCEEDED -> "#c8f7c5";
      case FAILED -> "#f7c5c5";
      case RUNNING -> "#fff3b0";
      case CANCELLED -> "#e5c5f7";
      case SKIPPED -> "#e0e0e0";
      case PENDING -> "#ffffff";
    };
  }
}
