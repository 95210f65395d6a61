package dev.skein.engine;

import io.temporal.workflow.Promise;
import java.util.ArrayDeque;

/**
 * The completions of work in flight, queued in the order they happen by one callback per promise.
 * The loop waits until this is not empty; nothing is polled or re-registered per turn, so a turn
 * costs the same with ten or a thousand activities in flight.
 *
 * @param <K> what the loop knows each piece of work by
 */
final class Completions<K> {

  /** One finished piece of work: its result, or the failure it ended with. */
  record Done<K>(K work, Object result, RuntimeException failure) {}

  private final ArrayDeque<Done<K>> queue = new ArrayDeque<>();

  <T> void watch(K work, Promise<T> promise) {
    promise.handle(
        (result, failure) -> {
          queue.add(new Done<>(work, result, failure));
          return null;
        });
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  Done<K> poll() {
    return queue.poll();
  }
}
