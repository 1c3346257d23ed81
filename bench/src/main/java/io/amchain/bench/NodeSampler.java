package io.amchain.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples each devnet node's resident memory (VmRSS in /proc/PID/status) every second, and the CPU
 * time it used (utime + stime in /proc/PID/stat) between start and stop.
 */
final class NodeSampler {
  private static final long CLOCK_TICKS = 100;

  private final List<Long> pids;
  private final long[] cpuAtStart;
  private final long[] cpuAtStop;
  private final long[] maxRssKib;
  private final long[] lastRssKib;
  private final Thread thread;
  private final long startNanos = System.nanoTime();
  private long stopNanos;
  private volatile boolean running = true;

  private NodeSampler(final List<Long> pids) {
    this.pids = pids;
    this.cpuAtStart = new long[pids.size()];
    this.cpuAtStop = new long[pids.size()];
    this.maxRssKib = new long[pids.size()];
    this.lastRssKib = new long[pids.size()];
    for (int i = 0; i < pids.size(); i++) {
      cpuAtStart[i] = cpuTicks(pids.get(i));
    }
    this.thread = new Thread(this::sample, "node-sampler");
    thread.setDaemon(true);
  }

  /** Samples the nodes whose pids the devnet wrote to {@code node-<i>/node.pid}. */
  static NodeSampler start(final Path datadir) {
    final List<Long> pids = new ArrayList<>();
    for (int i = 0; Files.exists(datadir.resolve("node-" + i + "/node.pid")); i++) {
      try {
        pids.add(
            Long.parseLong(Files.readString(datadir.resolve("node-" + i + "/node.pid")).strip()));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    final NodeSampler sampler = new NodeSampler(pids);
    sampler.thread.start();
    return sampler;
  }

  private void sample() {
    while (running) {
      for (int i = 0; i < pids.size(); i++) {
        final long rss = rssKib(pids.get(i));
        lastRssKib[i] = rss;
        maxRssKib[i] = Math.max(maxRssKib[i], rss);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join();
    stopNanos = System.nanoTime();
    for (int i = 0; i < pids.size(); i++) {
      cpuAtStop[i] = cpuTicks(pids.get(i));
    }
  }

  void report() {
    final double seconds = (stopNanos - startNanos) / 1e9;
    for (int i = 0; i < pids.size(); i++) {
      final double cpu = (double) (cpuAtStop[i] - cpuAtStart[i]) / CLOCK_TICKS;
      System.out.printf(
          "[bench] node-%d (pid %d): VmRSS %d MiB at most, %d MiB at the end; %.1f CPU s in"
              + " %.1f s (%.0f%% of one core)%n",
          i,
          pids.get(i),
          maxRssKib[i] / 1024,
          lastRssKib[i] / 1024,
          cpu,
          seconds,
          100 * cpu / seconds);
    }
  }

  private static long rssKib(final long pid) {
    try {
      for (final String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // The process is gone.
    }
    return 0;
  }

  /** utime + stime, the 14th and 15th fields of /proc/PID/stat (after the parenthesised name). */
  private static long cpuTicks(final long pid) {
    try {
      final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      return 0;
    }
  }
}
