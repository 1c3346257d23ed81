package io.amchain.actors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.amchain.consensus.chain.ChainImporter;
import io.amchain.consensus.clique.Clique;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.store.Storage;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three signer nodes and a late replica, each a full node with its own stores, journal and actor
 * system on loopback, joined into one Pekko cluster. The first signer starts with a chain of 500
 * blocks imported beforehand (as {@code amchain import} does), which the other two sync before they
 * seal.
 */
class ClusterTest {
  private static final long PERIOD = 1;
  private static final int BACKLOG_BLOCKS = 500;

  @Test
  void threeSignersSealOneChainARestartedNodeRecoversAndALateReplicaSyncs(@TempDir final Path dir) {
    final List<PrivateKey> keys =
        List.of(PrivateKey.generate(), PrivateKey.generate(), PrivateKey.generate());
    final List<Address> signers = keys.stream().map(k -> k.publicKey().address()).toList();
    final long start = System.currentTimeMillis() / 1000 - 2 * BACKLOG_BLOCKS;
    final Genesis genesis = TestNode.genesis(signers, signers, PERIOD, start);
    final List<Integer> ports =
        List.of(TestNode.freePort(), TestNode.freePort(), TestNode.freePort());
    final List<TestNode> nodes = new ArrayList<>();
    try {
      importBacklog(dir.resolve("node-0"), genesis, keys);
      for (int i = 0; i < 3; i++) {
        nodes.add(
            new TestNode(
                dir.resolve("node-" + i), genesis, ports.get(i), ports, Optional.of(keys.get(i))));
      }
      // The backlog synced, then 30 blocks on the same head, every signer sealing.
      final long synced = System.nanoTime();
      await().atMost(Duration.ofMinutes(2)).until(() -> sameCanonicalBlock(nodes, BACKLOG_BLOCKS));
      System.out.printf(
          "[cluster] two signers synced %d blocks in %.1f s%n",
          BACKLOG_BLOCKS, (System.nanoTime() - synced) / 1e9);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> sameCanonicalBlock(nodes, BACKLOG_BLOCKS + 30));
      final Set<Address> sealers = new HashSet<>();
      for (long n = BACKLOG_BLOCKS + 1; n <= BACKLOG_BLOCKS + 30; n++) {
        sealers.add(Clique.signer(canonical(nodes.get(0), n)));
      }
      assertEquals(Set.copyOf(signers), sealers, "every signer sealed some of the first 30 blocks");

      // A node restarted with its RocksDB state deleted rebuilds it from its journal, comes back
      // to the head it had, then follows the others.
      final TestNode restarted = nodes.get(2);
      restarted.stop();
      final BlockHeader before;
      try (Storage storage = Storage.open(restarted.home.resolve("state"))) {
        final ChainStore store = storage.chainStore();
        before = store.header(java.util.Objects.requireNonNull(store.head()));
      }
      deleteRecursively(restarted.home.resolve("state"));
      restarted.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> restarted.head().number() >= before.number());
      assertEquals(before.hash(), canonical(restarted, before.number()).hash());
      final long target = nodes.get(0).head().number() + 5;
      await().atMost(Duration.ofSeconds(60)).until(() -> sameCanonicalBlock(nodes, target));

      // A late replica (no key) syncs the whole chain from its peers.
      final int latePort = TestNode.freePort();
      final TestNode late =
          new TestNode(dir.resolve("late"), genesis, latePort, ports, Optional.empty());
      nodes.add(late);
      final long syncTarget = nodes.get(0).head().number();
      final long started = System.nanoTime();
      await().atMost(Duration.ofMinutes(2)).until(() -> late.head().number() >= syncTarget);
      System.out.printf(
          "[cluster] late replica synced %d blocks in %.1f s%n",
          syncTarget, (System.nanoTime() - started) / 1e9);
      assertEquals(canonical(nodes.get(0), syncTarget).hash(), canonical(late, syncTarget).hash());
    } finally {
      nodes.forEach(TestNode::close);
    }
  }

  /** Seals a chain of empty blocks in turn, one second apart, into a node's stores. */
  private static void importBacklog(
      final Path home, final Genesis genesis, final List<PrivateKey> keys) {
    try (TestChain chain = TestChain.over(home, keys, genesis)) {
      final ChainImporter importer =
          chain.resources.importer(() -> System.currentTimeMillis() / 1000);
      BlockHeader parent = chain.resources.headHeader();
      for (int n = 1; n <= BACKLOG_BLOCKS; n++) {
        final Block block = chain.next(parent, List.of());
        importer.importBlock(block);
        parent = block.header();
      }
    }
  }

  private static void deleteRecursively(final Path path) {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(path)) {
      files
          .sorted(java.util.Comparator.reverseOrder())
          .map(Path::toFile)
          .forEach(java.io.File::delete);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static BlockHeader canonical(final TestNode node, final long number) {
    final Hash hash = node.resources().chainStore().canonicalHash(number);
    return node.resources()
        .chainStore()
        .header(java.util.Objects.requireNonNull(hash, "no block " + number));
  }

  private static boolean sameCanonicalBlock(final List<TestNode> nodes, final long number) {
    Hash first = null;
    for (final TestNode node : nodes) {
      final Hash hash = node.resources().chainStore().canonicalHash(number);
      if (hash == null || (first != null && !first.equals(hash))) {
        return false;
      }
      first = hash;
    }
    return true;
  }
}
