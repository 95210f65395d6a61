package dev.skein.agents.openai;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads a response body line by line on its own daemon thread, so the activity thread stays free to
 * heartbeat, notice a cancellation and abort the request by closing the stream.
 */
final class BodyReader {

  private final InputStream body;
  private final Consumer<String> lines;
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicLong lastReadNanos = new AtomicLong(System.nanoTime());
  private volatile IOException error;

  private BodyReader(InputStream body, Consumer<String> lines) {
    this.body = body;
    this.lines = lines;
  }

  static BodyReader start(InputStream body, Consumer<String> lines) {
    BodyReader reader = new BodyReader(body, lines);
    Thread t = new Thread(reader::read, "skein-http-body");
    t.setDaemon(true);
    t.start();
    return reader;
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lastReadNanos.set(System.nanoTime());
        lines.accept(line);
      }
    } catch (IOException e) {
      error = e;
    } catch (StopReading e) {
      // the consumer saw the end of the stream ([DONE])
    } finally {
      done.countDown();
    }
  }

  /** Waits up to {@code millis}; true once the body has been read to its end (or failed). */
  boolean await(long millis) throws InterruptedException {
    return done.await(millis, TimeUnit.MILLISECONDS);
  }

  long nanosSinceLastRead() {
    return System.nanoTime() - lastReadNanos.get();
  }

  /** The read failure, if the body ended with one. */
  IOException error() {
    return error;
  }

  /** Aborts the exchange: closing the body before its end closes the connection. */
  void abort() {
    try {
      body.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** Thrown by a line consumer to stop reading early. */
  static final class StopReading extends RuntimeException {
    StopReading() {
      super(null, null, false, false);
    }
  }
}
