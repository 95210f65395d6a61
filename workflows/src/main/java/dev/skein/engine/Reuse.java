package dev.skein.engine;

import dev.skein.plan.Plan;
import dev.skein.resume.ResumeSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a retry may take from the run it resumes instead of running an agent: a step or fan-out task
 * that succeeded there and is asked exactly the same now (equal {@link RequestDigest}), unless it
 * is forced to run again ({@code rerun}, or downstream of a step that is).
 *
 * <p>Re-running spreads on its own: a step that runs again gives a new output, which changes the
 * prompts that read it, and so their digests.
 */
final class Reuse {

  private final String from;
  private final Map<String, ResumeSource.Step> steps = new HashMap<>();
  private final Map<String, Map<Integer, ResumeSource.Task>> tasks = new HashMap<>();
  private final Set<String> forced;

  private Reuse(ResumeSource source, Set<String> forced) {
    this.from = source.workflowId();
    this.forced = forced;
    for (ResumeSource.Step s : source.steps()) {
      steps.put(s.id(), s);
    }
  }

  /** The reuse rule for a run resuming {@code source}, forcing {@code rerun} and its dependents. */
  static Reuse of(ResumeSource source, List<String> rerun, Plan plan) {
    Set<String> forced = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(rerun);
    while (!queue.isEmpty()) {
      String id = queue.poll();
      if (forced.add(id)) {
        queue.addAll(plan.dependents(id));
      }
    }
    return new Reuse(source, forced);
  }

  /** The source run's workflow id, as reused records name it. */
  String from() {
    return from;
  }

  /** The source's record of a plain step asked {@code digest}, if it may be reused. */
  Optional<ResumeSource.Step> step(String id, String digest) {
    if (forced.contains(id) || digest == null) {
      return Optional.empty();
    }
    ResumeSource.Step s = steps.get(id);
    return s != null && s.tasks() == null && digest.equals(s.requestDigest())
        ? Optional.of(s)
        : Optional.empty();
  }

  /** The source's record of a fan-out task asked {@code digest}, if it may be reused. */
  Optional<ResumeSource.Task> task(String id, int index, String digest) {
    if (forced.contains(id) || digest == null) {
      return Optional.empty();
    }
    ResumeSource.Task t = tasksOf(id).get(index);
    return t != null && digest.equals(t.requestDigest()) ? Optional.of(t) : Optional.empty();
  }

  /** Reusable tasks of a fan-out from {@code first} for {@code count}, for a child workflow. */
  List<ResumeSource.Task> tasks(String id, int first, int count) {
    if (forced.contains(id)) {
      return List.of();
    }
    return tasksOf(id).values().stream()
        .filter(t -> t.index() >= first && t.index() < first + count)
        .sorted((a, b) -> Integer.compare(a.index(), b.index()))
        .toList();
  }

  private Map<Integer, ResumeSource.Task> tasksOf(String id) {
    return tasks.computeIfAbsent(
        id,
        k -> {
          Map<Integer, ResumeSource.Task> byIndex = new HashMap<>();
          ResumeSource.Step s = steps.get(k);
          if (s != null && s.tasks() != null) {
            s.tasks().forEach(t -> byIndex.put(t.index(), t));
          }
          return byIndex;
        });
  }
}
