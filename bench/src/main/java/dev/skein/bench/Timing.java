package dev.skein.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall time and the JVM's CPU time of one run. CPU time is the steadier figure on a shared machine:
 * other processes stretch wall time but not the CPU this JVM spends.
 */
record Timing(double wallMs, double cpuMs) {

  /** Work to time; may throw. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  static Timing of(Work work) throws Exception {
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    work.run();
    return new Timing(Stats.millisSince(start), (processCpuNanos() - cpu) / 1e6);
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }
}
