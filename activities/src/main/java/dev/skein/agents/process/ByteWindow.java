package dev.skein.agents.process;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@code headCap} and the last {@code tailCap} bytes of a stream of any length, so
 * an agent that prints gigabytes cannot exhaust the worker's memory. Also tracks the last complete
 * line for heartbeats. Written by one reader thread; the counters may be read from any thread.
 */
public final class ByteWindow {

  private static final int LAST_LINE_MAX = 200;

  private final byte[] head;
  private int headLen;
  private final byte[] tail;
  private int tailStart;
  private int tailLen;
  private volatile long total;

  private final byte[] line = new byte[LAST_LINE_MAX];
  private int lineLen;
  private volatile String lastLine = "";

  public ByteWindow(int headCap, int tailCap) {
    this.head = new byte[headCap];
    this.tail = new byte[tailCap];
  }

  /** A window of {@code cap} bytes split evenly between head and tail. */
  public static ByteWindow capped(long cap) {
    int bounded = (int) Math.min(Math.max(cap, 2), Integer.MAX_VALUE - 8);
    return new ByteWindow(bounded / 2, bounded - bounded / 2);
  }

  /** Only the last {@code cap} bytes (a stderr tail). */
  public static ByteWindow tail(int cap) {
    return new ByteWindow(0, cap);
  }

  public synchronized void append(byte[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte b = buf[i];
      trackLine(b);
      if (headLen < head.length) {
        head[headLen++] = b;
      } else if (tail.length > 0) {
        int pos = (tailStart + tailLen) % tail.length;
        tail[pos] = b;
        if (tailLen < tail.length) {
          tailLen++;
        } else {
          tailStart = (tailStart + 1) % tail.length;
        }
      }
    }
    total += len;
  }

  public void append(byte[] buf) {
    append(buf, 0, buf.length);
  }

  private void trackLine(byte b) {
    if (b == '\n') {
      if (lineLen > 0) {
        lastLine = new String(line, 0, lineLen, StandardCharsets.UTF_8).strip();
      }
      lineLen = 0;
    } else if (b != '\r' && lineLen < line.length) {
      line[lineLen++] = b;
    }
  }

  public long total() {
    return total;
  }

  public String lastLine() {
    return lastLine;
  }

  /** More bytes arrived than the window keeps. */
  public synchronized boolean truncated() {
    return total > (long) headLen + tailLen;
  }

  /** Head, a marker naming how much was dropped if anything was, then tail. */
  public String text() {
    return text(true);
  }

  /** The kept bytes as text; with {@code marker}, a line naming how much was dropped between. */
  public synchronized String text(boolean marker) {
    String headText = new String(head, 0, headLen, StandardCharsets.UTF_8);
    byte[] ordered = new byte[tailLen];
    for (int i = 0; i < tailLen; i++) {
      ordered[i] = tail[(tailStart + i) % tail.length];
    }
    String tailText = new String(ordered, StandardCharsets.UTF_8);
    if (!truncated() || !marker) {
      return headText + tailText;
    }
    long omitted = total - headLen - tailLen;
    return headText + "\n[... " + omitted + " bytes omitted ...]\n" + tailText;
  }
}
