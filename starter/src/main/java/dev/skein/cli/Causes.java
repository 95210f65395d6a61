package dev.skein.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A failure and its causes, outermost first, each once: a chain of causes may loop (A caused by B
 * caused by A), and following it blindly would hang the command that is reporting it.
 */
final class Causes {

  private Causes() {}

  static List<Throwable> of(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /** The outermost failure of {@code type} in the chain, or null. */
  static <T extends Throwable> T first(Throwable e, Class<T> type) {
    for (Throwable t : of(e)) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
