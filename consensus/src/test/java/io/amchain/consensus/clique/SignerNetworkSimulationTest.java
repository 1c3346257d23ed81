package io.amchain.consensus.clique;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * N signers seal on the head each one sees, in and out of turn with the wiggle, and hear of each
 * other's blocks after random delays (sometimes long enough to fork). Time is simulated, keys and
 * signatures are real. Over 10,000 blocks the signers must never reach a state where none may seal,
 * and must end on one head.
 */
class SignerNetworkSimulationTest {
  private static final long PERIOD_MS = 1_000;
  private static final int BLOCKS = 10_000;

  /** Something that happens at a simulated time. */
  private record Event(long time, long sequence, int node, Hash block, boolean isSeal) {}

  /** What every node knows about a block: the same for all, so computed once. */
  private record Known(BlockHeader header, UInt256 totalDifficulty, Snapshot snapshot, Head head) {}

  private record Head(ForkChoice.Head rank) {}

  @ParameterizedTest(name = "{0} signers")
  @ValueSource(ints = {3, 4, 5})
  void signersConvergeWithoutDeadlock(final int signerCount) {
    final Random random = new Random(7_000 + signerCount);
    final List<PrivateKey> keys = new ArrayList<>();
    final List<Address> addresses = new ArrayList<>();
    for (int i = 0; i < signerCount; i++) {
      final PrivateKey key = PrivateKey.generate();
      keys.add(key);
      addresses.add(key.publicKey().address());
    }
    final BlockHeader genesis = SealingFixture.genesis(addresses).build();
    final Map<Hash, Known> blocks = new HashMap<>();
    final Snapshot genesisSnapshot = Snapshot.fromCheckpoint(30_000, genesis);
    blocks.put(
        genesis.hash(),
        new Known(
            genesis,
            genesis.difficulty(),
            genesisSnapshot,
            new Head(
                new ForkChoice.Head(genesis.hash(), 0, genesis.difficulty(), 0, signerCount))));

    final Hash[] heads = new Hash[signerCount];
    final List<Map<Hash, Boolean>> seen = new ArrayList<>();
    final List<List<Hash>> waiting = new ArrayList<>();
    for (int i = 0; i < signerCount; i++) {
      heads[i] = genesis.hash();
      seen.add(new HashMap<>(Map.of(genesis.hash(), true)));
      waiting.add(new ArrayList<>());
    }
    final PriorityQueue<Event> queue =
        new PriorityQueue<>(
            (a, b) ->
                a.time() != b.time()
                    ? Long.compare(a.time(), b.time())
                    : Long.compare(a.sequence(), b.sequence()));
    final long[] sequence = {0};
    final int[] reorgs = {0};
    final long[] longestReorg = {0};
    long bestHeight = 0;
    int sealed = 0;

    // Every node plans a seal on the genesis.
    for (int node = 0; node < signerCount; node++) {
      planSeal(node, genesis.hash(), 0, blocks, addresses, queue, sequence, random);
    }

    while (true) {
      if (queue.isEmpty()) {
        if (bestHeight >= BLOCKS) {
          break; // sealing has stopped and every block has been delivered
        }
        throw new AssertionError("deadlock: no signer may seal and nothing is in flight");
      }
      final Event event = queue.poll();
      final long now = event.time();
      if (event.isSeal()) {
        if (!heads[event.node()].equals(event.block()) || bestHeight >= BLOCKS) {
          continue; // a newer head arrived first, or the run is over
        }
        final Known parent = blocks.get(event.block());
        final BlockHeader header =
            Clique.seal(
                SealingFixture.child(
                        parent.header(),
                        SealingSchedule.difficulty(parent.snapshot(), addresses.get(event.node())))
                    .timestamp(
                        SealingSchedule.timestamp(parent.header(), PERIOD_MS / 1000, now / 1000))
                    .build(),
                keys.get(event.node()));
        sealed++;
        final Snapshot snapshot = parent.snapshot().apply(List.of(header));
        final UInt256 td = parent.totalDifficulty().add(header.difficulty());
        final int index = parent.snapshot().indexOf(addresses.get(event.node()));
        blocks.put(
            header.hash(),
            new Known(
                header,
                td,
                snapshot,
                new Head(
                    new ForkChoice.Head(
                        header.hash(),
                        header.number(),
                        td,
                        index,
                        parent.snapshot().signers().size()))));
        bestHeight = Math.max(bestHeight, header.number());
        for (int peer = 0; peer < signerCount; peer++) {
          final long delay =
              peer == event.node()
                  ? 0
                  : (random.nextInt(10) == 0 ? 300 + random.nextInt(2_200) : random.nextInt(300));
          queue.add(new Event(now + delay, sequence[0]++, peer, header.hash(), false));
        }
        continue;
      }
      // Delivery: a node learns of a block (and, through sync, of any parent it was missing).
      final int node = event.node();
      if (seen.get(node).containsKey(event.block())) {
        continue;
      }
      final List<Hash> ready = new ArrayList<>();
      final Known known = blocks.get(event.block());
      if (!seen.get(node).containsKey(known.header().parentHash())) {
        waiting.get(node).add(event.block());
        continue;
      }
      ready.add(event.block());
      while (!ready.isEmpty()) {
        final Hash next = ready.remove(0);
        seen.get(node).put(next, true);
        final Known candidate = blocks.get(next);
        final Known current = blocks.get(heads[node]);
        if (ForkChoice.isBetter(candidate.head().rank(), current.head().rank())) {
          final long depth = reorgDepth(blocks, current.header(), candidate.header());
          if (depth > 0) {
            reorgs[0]++;
            longestReorg[0] = Math.max(longestReorg[0], depth);
          }
          heads[node] = next;
          planSeal(node, next, now, blocks, addresses, queue, sequence, random);
        }
        for (final Hash parked : List.copyOf(waiting.get(node))) {
          if (blocks.get(parked).header().parentHash().equals(next)) {
            waiting.get(node).remove(parked);
            ready.add(parked);
          }
        }
      }
    }

    for (int node = 1; node < signerCount; node++) {
      assertEquals(heads[0], heads[node], "node " + node + " ended on another head");
    }
    final long finalHeight = blocks.get(heads[0]).header().number();
    System.out.printf(
        "[simulation] %d signers: %d blocks sealed, final height %d, %d reorgs, longest reorg %d"
            + " blocks, 0 deadlocks%n",
        signerCount, sealed, finalHeight, reorgs[0], longestReorg[0]);
    assertTrue(finalHeight >= BLOCKS);
  }

  /** Plans this node's next seal on {@code head}, if the rules let it seal there at all. */
  private static void planSeal(
      final int node,
      final Hash head,
      final long now,
      final Map<Hash, Known> blocks,
      final List<Address> addresses,
      final PriorityQueue<Event> queue,
      final long[] sequence,
      final Random random) {
    final Known parent = blocks.get(head);
    final Address signer = addresses.get(node);
    if (SealingSchedule.refusal(parent.snapshot(), signer).isPresent()) {
      return;
    }
    final long earliest = Math.max(parent.header().timestamp() * 1000 + PERIOD_MS, now);
    final long at = earliest + SealingSchedule.wiggleMillis(parent.snapshot(), signer, random);
    queue.add(new Event(at, sequence[0]++, node, head, true));
  }

  /** How many blocks of the old head's chain the switch abandons (0 if it only extends it). */
  private static long reorgDepth(
      final Map<Hash, Known> blocks, final BlockHeader oldHead, final BlockHeader newHead) {
    BlockHeader a = oldHead;
    BlockHeader b = newHead;
    while (b.number() > a.number()) {
      b = blocks.get(b.parentHash()).header();
    }
    while (a.number() > b.number()) {
      a = blocks.get(a.parentHash()).header();
    }
    while (!a.hash().equals(b.hash())) {
      a = blocks.get(a.parentHash()).header();
      b = blocks.get(b.parentHash()).header();
    }
    return oldHead.number() - a.number();
  }
}
