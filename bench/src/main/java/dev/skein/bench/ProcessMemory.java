package dev.skein.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark JVM's memory: heap in use (MemoryMXBean) and resident set size (/proc). */
final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final double MIB = 1024.0 * 1024.0;

  private ProcessMemory() {}

  /** Heap in use now, in MiB, without collecting first. */
  static double heapUsedMib() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
  }

  /** Heap in use after a full collection, in MiB: what is really live. */
  static double heapLiveMib() {
    System.gc();
    return heapUsedMib();
  }

  /** VmRSS in MiB, or NaN where /proc is not available. */
  static double rssMib() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String kib = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
          return Long.parseLong(kib) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: report NaN rather than fail the whole benchmark
    }
    return Double.NaN;
  }
}
