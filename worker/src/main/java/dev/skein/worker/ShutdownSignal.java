package dev.skein.worker;

import dev.skein.agents.process.ProcessTree;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT. Handling the signals ourselves (instead of a JVM shutdown hook) lets
 * a worker drain its activities and then exit 0, as container platforms expect; a shutdown hook
 * would end with status 143 whatever it did.
 */
public final class ShutdownSignal {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);

  private final CountDownLatch received = new CountDownLatch(1);
  private final AtomicInteger count = new AtomicInteger();

  private ShutdownSignal() {}

  /**
   * Installs the handlers. A second signal while shutting down ends the process at once.
   *
   * @return the handle to wait on
   */
  public static ShutdownSignal install() {
    ShutdownSignal signal = new ShutdownSignal();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), s -> signal.onSignal(s.getName()));
      } catch (IllegalArgumentException unsupported) {
        // Not every platform has every signal; the JVM default stays in place.
        log.debug("cannot handle SIG{}", name);
      }
    }
    return signal;
  }

  private void onSignal(String name) {
    if (count.incrementAndGet() > 1) {
      log.warn("SIG{} again: stopping now", name);
      // Halting skips the attempts' own clean-up: their agents must not outlive the worker.
      ProcessTree.terminateAll(Duration.ZERO);
      Runtime.getRuntime().halt(1);
    }
    log.info("SIG{} received", name);
    received.countDown();
  }

  /** Blocks until the first signal. */
  public void await() throws InterruptedException {
    received.await();
  }
}
