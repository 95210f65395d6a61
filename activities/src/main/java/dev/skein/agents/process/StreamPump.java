package dev.skein.agents.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains one output stream of a child process on its own daemon thread, so stdout and stderr never
 * block each other and a chatty child never stalls on a full pipe.
 */
public final class StreamPump {

  private final InputStream in;
  private final ByteWindow window;
  private final AtomicLong lastOutputNanos;
  private final CountDownLatch done = new CountDownLatch(1);

  private StreamPump(InputStream in, ByteWindow window, AtomicLong lastOutputNanos) {
    this.in = in;
    this.window = window;
    this.lastOutputNanos = lastOutputNanos;
  }

  /**
   * Starts draining {@code in} into {@code window}; every read stamps {@code lastOutputNanos} with
   * {@link System#nanoTime()} for stall detection.
   */
  public static StreamPump start(
      String name, InputStream in, ByteWindow window, AtomicLong lastOutputNanos) {
    StreamPump pump = new StreamPump(in, window, lastOutputNanos);
    Thread t = new Thread(pump::drain, name);
    t.setDaemon(true);
    t.start();
    return pump;
  }

  private void drain() {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        window.append(buf, 0, n);
        lastOutputNanos.set(System.nanoTime());
      }
    } catch (IOException e) {
      // The stream was closed under us (the process was killed, or we gave up waiting): done.
    } finally {
      done.countDown();
    }
  }

  /**
   * Waits for end of stream. A grandchild that inherited the pipe may keep it open after the
   * process tree is gone from view; after {@code timeoutMs} the stream is closed so the attempt
   * still ends.
   */
  public void finish(long timeoutMs) {
    try {
      if (!done.await(timeoutMs, TimeUnit.MILLISECONDS)) {
        in.close(); // may not wake a blocked read; the daemon thread is then left to the OS
        done.await(100, TimeUnit.MILLISECONDS);
      }
    } catch (IOException e) {
      // closing a pipe does not fail in a way we could act on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
