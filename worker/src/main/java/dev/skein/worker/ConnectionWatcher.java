package dev.skein.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a worker's operator when the Temporal service goes away and when it is back, in one line
 * per reconnect attempt, with backoff. The SDK's pollers retry on their own but log every failed
 * poll with a stack trace (over a thousand lines in three minutes); while a watcher runs, {@link
 * TemporalNoiseFilter} drops those and this reports instead.
 */
final class ConnectionWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConnectionWatcher.class);

  /** How often a healthy connection is checked. */
  static final Duration CHECK_EVERY = Duration.ofSeconds(2);

  /** First wait between reconnect attempts; it doubles up to {@link #MAX_BACKOFF}. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private static final Duration PROBE_DEADLINE = Duration.ofSeconds(3);

  /** Watchers running in this process: while there is one, poller connection failures are noise. */
  private static final AtomicInteger RUNNING = new AtomicInteger();

  private final WorkflowServiceStubs stubs;
  private final String address;
  private final Thread thread;
  private volatile boolean closed;

  private ConnectionWatcher(WorkflowServiceStubs stubs, String address) {
    this.stubs = stubs;
    this.address = address;
    this.thread = new Thread(this::watch, "skein-connection-watcher");
    this.thread.setDaemon(true);
  }

  /** Starts watching the service behind {@code stubs}, which {@code address} names in messages. */
  static ConnectionWatcher start(WorkflowServiceStubs stubs, String address) {
    ConnectionWatcher watcher = new ConnectionWatcher(stubs, address);
    RUNNING.incrementAndGet();
    watcher.thread.start();
    return watcher;
  }

  static boolean anyRunning() {
    return RUNNING.get() > 0;
  }

  private void watch() {
    try {
      while (!closed) {
        String lost = probe();
        if (lost == null) {
          Thread.sleep(CHECK_EVERY.toMillis());
        } else {
          reconnect(lost);
        }
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the service with doubling pauses, one line per attempt, and says when it is back. */
  private void reconnect(String why) throws InterruptedException {
    long since = System.nanoTime();
    Duration wait = FIRST_BACKOFF;
    log.warn(
        "lost the Temporal service at {} ({}); polling resumes when it is back, next attempt in {}",
        address,
        why,
        seconds(wait));
    for (int attempt = 1; !closed; attempt++) {
      Thread.sleep(wait.toMillis());
      if (closed) {
        return;
      }
      String still = probe();
      if (still == null) {
        log.info(
            "reconnected to the Temporal service at {} after {} ({} {})",
            address,
            seconds(Duration.ofNanos(System.nanoTime() - since)),
            attempt,
            attempt == 1 ? "attempt" : "attempts");
        return;
      }
      wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
      log.warn(
          "reconnect attempt {} to {} failed ({}); next attempt in {}",
          attempt,
          address,
          still,
          seconds(wait));
    }
  }

  /** Null when the service answers, else why not, as a short phrase. */
  private String probe() {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(PROBE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return null;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
        // The service answered, if only to refuse: it is there.
        return null;
      }
      return reason(e);
    } catch (RuntimeException e) {
      return reason(e);
    }
  }

  /** The deepest message ("Connection refused"), or the status code when there is none. */
  static String reason(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (e instanceof StatusRuntimeException s
        && s.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return "no answer within " + seconds(PROBE_DEADLINE);
    }
    if (message == null) {
      return "unreachable";
    }
    // "finishConnect(..) failed: Connection refused: /127.0.0.1:7233" -> "Connection refused"
    String shown = message.replaceFirst("^.*failed: ", "").replaceFirst(": /[^ ]*$", "");
    return shown.isBlank() ? message : shown;
  }

  private static String seconds(Duration d) {
    long s = Math.max(1, Math.round(d.toMillis() / 1000.0));
    return s + " s";
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      RUNNING.decrementAndGet();
      thread.interrupt();
    }
  }
}
