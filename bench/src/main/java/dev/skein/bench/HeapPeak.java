package dev.skein.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAccumulator;

/** The heap in use sampled every 50 ms while a run goes on (no forced collection): its peak. */
final class HeapPeak implements AutoCloseable {

  private final DoubleAccumulator peak = new DoubleAccumulator(Math::max, 0);
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

  HeapPeak() {
    sampler.scheduleAtFixedRate(
        () -> peak.accumulate(ProcessMemory.heapUsedMib()), 0, 50, TimeUnit.MILLISECONDS);
  }

  /** The largest sample so far, in MiB. */
  double mib() {
    peak.accumulate(ProcessMemory.heapUsedMib());
    return peak.get();
  }

  @Override
  public void close() throws InterruptedException {
    sampler.shutdownNow();
    sampler.awaitTermination(5, TimeUnit.SECONDS);
  }
}
