package dev.skein.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Calls to the service with a limit the user can feel: the SDK retries an unanswered query or a
 * lost connection for a minute, and a command that says nothing for a minute looks hung.
 */
final class Bounded {

  /** The usual limit of one call. */
  static final Duration CALL = Duration.ofSeconds(5);

  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "skein-call");
            t.setDaemon(true);
            return t;
          });

  private Bounded() {}

  /** No answer within the limit. */
  static final class NoAnswer extends RuntimeException {
    NoAnswer() {
      super("no answer in time", null, false, false);
    }
  }

  /**
   * The call's value, or {@link NoAnswer} when it takes longer than {@code limit}; its own
   * exceptions pass through unwrapped.
   */
  static <T> T call(Duration limit, Supplier<T> call) {
    CompletableFuture<T> future = CompletableFuture.supplyAsync(call, CALLS);
    try {
      return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new NoAnswer();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new NoAnswer();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  static <T> T call(Supplier<T> call) {
    return call(CALL, call);
  }
}
