package dev.skein.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds dependency cycles by depth-first search in declaration order. Iterative, so a long chain of
 * steps cannot overflow the stack.
 */
final class CycleFinder {

  private enum Color {
    WHITE,
    GRAY,
    BLACK
  }

  private final Map<String, List<String>> graph;
  private final List<String> order;

  /** {@code graph} maps each step to the steps it depends on; its order is declaration order. */
  CycleFinder(Map<String, List<String>> graph) {
    this.graph = graph;
    this.order = new ArrayList<>(graph.keySet());
  }

  /** Each cycle found, as the steps along it, starting with the earliest declared. */
  List<List<String>> cycles() {
    Map<String, Color> color = new HashMap<>();
    order.forEach(id -> color.put(id, Color.WHITE));
    List<List<String>> cycles = new ArrayList<>();
    for (String root : order) {
      if (color.get(root) != Color.WHITE) {
        continue;
      }
      Deque<String> path = new ArrayDeque<>();
      Deque<Iterator<String>> next = new ArrayDeque<>();
      color.put(root, Color.GRAY);
      path.addLast(root);
      next.addLast(graph.get(root).iterator());
      while (!path.isEmpty()) {
        Iterator<String> it = next.peekLast();
        if (!it.hasNext()) {
          color.put(path.removeLast(), Color.BLACK);
          next.removeLast();
          continue;
        }
        String dep = it.next();
        Color c = color.getOrDefault(dep, Color.BLACK);
        if (c == Color.GRAY) {
          cycles.add(rotate(cycleEndingAt(path, dep)));
        } else if (c == Color.WHITE) {
          color.put(dep, Color.GRAY);
          path.addLast(dep);
          next.addLast(graph.get(dep).iterator());
        }
      }
    }
    return cycles;
  }

  private static List<String> cycleEndingAt(Deque<String> path, String start) {
    List<String> cycle = new ArrayList<>();
    boolean in = false;
    for (String id : path) {
      in |= id.equals(start);
      if (in) {
        cycle.add(id);
      }
    }
    return cycle;
  }

  private List<String> rotate(List<String> cycle) {
    int first = 0;
    for (int i = 1; i < cycle.size(); i++) {
      if (order.indexOf(cycle.get(i)) < order.indexOf(cycle.get(first))) {
        first = i;
      }
    }
    List<String> rotated = new ArrayList<>(cycle.subList(first, cycle.size()));
    rotated.addAll(cycle.subList(0, first));
    return rotated;
  }
}
