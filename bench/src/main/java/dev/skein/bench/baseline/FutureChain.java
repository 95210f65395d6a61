package dev.skein.bench.baseline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * Baseline B: the same no-op as a chain of {@link CompletableFuture} stages, each handed to an
 * executor like an activity would be: what the chain costs with no durability at all.
 */
public final class FutureChain {

  private FutureChain() {}

  /** Runs {@code steps} stages in sequence, each applying {@code noOp} to the previous result. */
  public static <T> T run(int steps, T seed, UnaryOperator<T> noOp, Executor executor) {
    CompletableFuture<T> chain = CompletableFuture.completedFuture(seed);
    for (int i = 0; i < steps; i++) {
      chain = chain.thenApplyAsync(noOp, executor);
    }
    return chain.join();
  }
}
