package io.amchain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Follows one node's head every 50 ms and notes, for each new block, when it was first seen and
 * which transactions it holds: the moment a client polling for its receipt would learn of it. Each
 * block is checked against its successor's parent hash: a block that a reorg replaced is dropped
 * and its height fetched again, as deep as the reorg goes.
 */
final class BlockWatcher {
  private static final long POLL_MILLIS = 50;

  /** A block as the watcher saw it. */
  record SeenBlock(
      long number,
      String hash,
      String parentHash,
      long seenNanos,
      long seenMillis,
      long timestamp,
      long gasUsed,
      long gasLimit,
      List<String> hashes) {
    /**
     * From the second the header names to the moment the watcher saw the block: an in-turn signer
     * seals at that second, so this is building, sealing, spreading and importing, plus the poll.
     */
    long delayMillis() {
      return seenMillis - timestamp * 1000;
    }

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

  /** Wall-clock milliseconds less {@code System.nanoTime()} in milliseconds. */
  private final long wallMinusNanoMillis =
      System.currentTimeMillis() - System.nanoTime() / 1_000_000;

  /** Blocks seen and then replaced by a reorg: each one is a height that had two blocks. */
  private volatile int replaced;

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
        final long seenMillis = System.currentTimeMillis();
        while (next <= head) {
          final SeenBlock block = fetch(next, seen, seenMillis);
          synchronized (blocks) {
            final SeenBlock previous = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (previous != null
                && previous.number() == next - 1
                && !previous.hash().equals(block.parentHash())) {
              // A reorg replaced the block seen last: forget it and fetch its height again.
              blocks.remove(blocks.size() - 1);
              replaced++;
              next--;
              continue;
            }
            blocks.add(block);
          }
          next++;
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

  private SeenBlock fetch(final long number, final long seen, final long seenMillis) {
    final JsonNode block =
        node.call("eth_getBlockByNumber", "0x" + Long.toHexString(number), false);
    final List<String> hashes = new ArrayList<>();
    block.path("transactions").forEach(h -> hashes.add(h.asText()));
    return new SeenBlock(
        number,
        block.path("hash").asText(),
        block.path("parentHash").asText(),
        seen,
        seenMillis,
        RpcClient.quantity(block.path("timestamp")),
        RpcClient.quantity(block.path("gasUsed")),
        RpcClient.quantity(block.path("gasLimit")),
        List.copyOf(hashes));
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

  int replaced() {
    return replaced;
  }

  long included(final Map<String, Long> sendTimes) {
    return blocks().stream().mapToLong(b -> b.ours(sendTimes)).sum();
  }

  /** Sent-to-seen times, in milliseconds, sorted. */
  long[] latencies(final Map<String, Long> sendTimes) {
    return sinceSent(sendTimes, SeenBlock::seenNanos);
  }

  /**
   * From sending to the second named by the header of the block that holds the transaction, in
   * milliseconds, sorted: the wait for a sealing round that picks the transaction up. Up to one
   * period when the transaction reaches the sealer's pool in time for the next block.
   */
  long[] sealingWaits(final Map<String, Long> sendTimes) {
    return sinceSent(sendTimes, b -> (b.timestamp() * 1000 - wallMinusNanoMillis) * 1_000_000);
  }

  private long[] sinceSent(final Map<String, Long> sendTimes, final ToLongFunction<SeenBlock> at) {
    final List<Long> latencies = new ArrayList<>();
    for (final SeenBlock block : blocks()) {
      for (final String hash : block.hashes()) {
        final Long sent = sendTimes.get(hash);
        if (sent != null) {
          latencies.add((at.applyAsLong(block) - sent) / 1_000_000);
        }
      }
    }
    final long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return sorted;
  }
}
