package io.amchain.node;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one piece of work again and again until its time per run is stable, as geth's {@code evm
 * --bench} does through Go's testing.Benchmark: the runs per batch double until a batch lasts the
 * batch time, then batches of that size run until the last {@link #WINDOW} agree within {@link
 * #TOLERANCE} of their median, or {@link #MAX_BATCHES} have run. The first batches are also the
 * JIT's warm-up: when compiled code makes a batch shorter than half the batch time, the batch size
 * doubles again and the batches so far are dropped. What a run allocates is read from the thread's
 * allocation counter.
 */
final class RepeatedRun {
  static final int WINDOW = 5;
  static final double TOLERANCE = 0.05;
  static final int MAX_BATCHES = 50;

  /** The median batch of the last window: nanoseconds and bytes allocated per run. */
  record Result(
      long runsPerBatch,
      int batches,
      double nanosPerRun,
      double bytesPerRun,
      double spread,
      boolean stable) {}

  private RepeatedRun() {}

  static Result measure(final Runnable run, final long batchNanos) {
    final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long runs = 1;
    while (timeOf(run, runs) < batchNanos) {
      runs *= 2;
    }
    final List<double[]> batches = new ArrayList<>();
    double spread = Double.POSITIVE_INFINITY;
    while (batches.size() < MAX_BATCHES) {
      final long bytesBefore = threads.getCurrentThreadAllocatedBytes();
      final long nanos = timeOf(run, runs);
      final long bytes = threads.getCurrentThreadAllocatedBytes() - bytesBefore;
      if (nanos < batchNanos / 2) {
        // The JIT made the runs faster than when the batch size was set: start over, with more.
        runs *= 2;
        batches.clear();
        continue;
      }
      batches.add(new double[] {(double) nanos / runs, (double) bytes / runs});
      if (batches.size() >= WINDOW) {
        spread = spreadOf(lastWindow(batches));
        if (spread <= TOLERANCE) {
          break;
        }
      }
    }
    final double[][] window = lastWindow(batches);
    Arrays.sort(window, (a, b) -> Double.compare(a[0], b[0]));
    final double[] median = window[window.length / 2];
    return new Result(runs, batches.size(), median[0], median[1], spread, spread <= TOLERANCE);
  }

  private static long timeOf(final Runnable run, final long runs) {
    final long start = System.nanoTime();
    for (long i = 0; i < runs; i++) {
      run.run();
    }
    return System.nanoTime() - start;
  }

  private static double[][] lastWindow(final List<double[]> batches) {
    final int from = Math.max(0, batches.size() - WINDOW);
    return batches.subList(from, batches.size()).toArray(new double[0][]);
  }

  /** (slowest − fastest) / median of the batches' time per run. */
  private static double spreadOf(final double[][] window) {
    final double[] nanos = Arrays.stream(window).mapToDouble(batch -> batch[0]).sorted().toArray();
    return (nanos[nanos.length - 1] - nanos[0]) / nanos[nanos.length / 2];
  }
}
