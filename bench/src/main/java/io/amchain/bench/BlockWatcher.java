package io.amchain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Follows one node's head every 50 ms and notes, for each new block, when it was first seen and
 * which transactions it holds: the moment a client polling for its receipt would learn of it.
 */
final class BlockWatcher {
  private static final long POLL_MILLIS = 50;

  /** A block as the watcher saw it. */
  record SeenBlock(
      long number,
      long seenNanos,
      long timestamp,
      long gasUsed,
      long gasLimit,
      List<String> hashes) {
    int transactions() {
      return hashes.size();
    }

    /** How many of its transactions are among the given ones. */
    int ours(final Map<String, Long> sendTimes) {
      int count = 0;
      for (final String hash : hashes) {
        if (sendTimes.containsKey(hash)) {
          count++;
        }
      }
      return count;
    }
  }

  private final RpcClient node;
  private final List<SeenBlock> blocks = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  private BlockWatcher(final RpcClient node) {
    this.node = node;
    this.thread = new Thread(this::follow, "block-watcher");
    thread.setDaemon(true);
  }

  static BlockWatcher start(final RpcClient node) {
    final BlockWatcher watcher = new BlockWatcher(node);
    watcher.thread.start();
    return watcher;
  }

  URI endpoint() {
    return node.endpoint();
  }

  private void follow() {
    long next = RpcClient.quantity(node.call("eth_blockNumber")) + 1;
    while (running) {
      try {
        final long head = RpcClient.quantity(node.call("eth_blockNumber"));
        final long seen = System.nanoTime();
        for (; next <= head; next++) {
          final JsonNode block =
              node.call("eth_getBlockByNumber", "0x" + Long.toHexString(next), false);
          final List<String> hashes = new ArrayList<>();
          block.path("transactions").forEach(h -> hashes.add(h.asText()));
          synchronized (blocks) {
            blocks.add(
                new SeenBlock(
                    next,
                    seen,
                    RpcClient.quantity(block.path("timestamp")),
                    RpcClient.quantity(block.path("gasUsed")),
                    RpcClient.quantity(block.path("gasLimit")),
                    List.copyOf(hashes)));
          }
        }
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A node busy enough to time out a poll is polled again.
      }
    }
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join();
  }

  List<SeenBlock> blocks() {
    synchronized (blocks) {
      return List.copyOf(blocks);
    }
  }

  long included(final Map<String, Long> sendTimes) {
    return blocks().stream().mapToLong(b -> b.ours(sendTimes)).sum();
  }

  /** Sent-to-seen times, in milliseconds, sorted. */
  long[] latencies(final Map<String, Long> sendTimes) {
    final List<Long> latencies = new ArrayList<>();
    for (final SeenBlock block : blocks()) {
      for (final String hash : block.hashes()) {
        final Long sent = sendTimes.get(hash);
        if (sent != null) {
          latencies.add((block.seenNanos() - sent) / 1_000_000);
        }
      }
    }
    final long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return sorted;
  }
}
