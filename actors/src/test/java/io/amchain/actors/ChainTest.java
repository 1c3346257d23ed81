package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.amchain.actors.chain.Chain;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.SealingFixture;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.state.RocksDbNodeStore;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Chain actor's imports and the heads it publishes, on the persistence testkit's journal. */
class ChainTest {
  private static final long CHAIN_ID = 1337;

  /**
   * When an in-turn sibling replaces the head, the mempool gets back the orphaned block's
   * transactions that the new canonical block does not hold, and only those.
   */
  @Test
  void aReorgHandsBackOnlyTheOrphanedTransactionsTheNewChainLacks(@TempDir final Path dir) {
    final List<PrivateKey> signers =
        List.of(PrivateKey.generate(), PrivateKey.generate()).stream()
            .sorted(Comparator.comparing(k -> k.publicKey().address()))
            .toList();
    final PrivateKey sender = PrivateKey.generate();
    final Genesis genesis =
        TestNode.genesis(
            signers.stream().map(k -> k.publicKey().address()).toList(),
            List.of(sender.publicKey().address()),
            1,
            System.currentTimeMillis() / 1000 - 100);
    final ActorTestKit kit = ActorTestKit.create(TestNode.inMemoryJournal());
    try (ChainStore store = ChainStore.open(dir.resolve("chain"));
        RocksDbNodeStore state = RocksDbNodeStore.open(dir.resolve("trie"))) {
      final NodeResources resources = new NodeResources(genesis, store, state);
      resources.importer(() -> 0).initialize(genesis.build(state));
      final BlockHeader parent = resources.headHeader();
      final Transaction first = transfer(sender, 0);
      final Transaction second = transfer(sender, 1);
      // Block 1 is signer 1's turn: signer 0's block has the lower difficulty and loses.
      final Block outOfTurn = block(resources, parent, signers.get(0), List.of(first, second));
      final Block inTurn = block(resources, parent, signers.get(1), List.of(first));

      final TestProbe<Chain.NewHead> heads = kit.createTestProbe();
      kit.system()
          .eventStream()
          .tell(new EventStream.Subscribe<>(Chain.NewHead.class, heads.ref()));
      final ActorRef<Chain.Command> chain = kit.spawn(Chain.create("node-0", resources, 100));
      final TestProbe<Chain.ImportResult> replies = kit.createTestProbe();

      chain.tell(new Chain.Import(outOfTurn, replies.ref()));
      assertInstanceOf(Chain.Imported.class, replies.receiveMessage());
      final Chain.NewHead extended = heads.receiveMessage();
      assertEquals(outOfTurn.hash(), extended.block().hash());
      assertEquals(List.of(), extended.removed());
      assertEquals(List.of(outOfTurn), extended.added());
      assertEquals(List.of(), extended.orphaned());

      chain.tell(new Chain.Import(inTurn, replies.ref()));
      assertInstanceOf(Chain.Imported.class, replies.receiveMessage());
      final Chain.NewHead reorg = heads.receiveMessage();
      assertEquals(inTurn.hash(), reorg.block().hash());
      assertEquals(List.of(outOfTurn.hash()), reorg.removed().stream().map(Block::hash).toList());
      assertEquals(List.of(inTurn.hash()), reorg.added().stream().map(Block::hash).toList());
      assertEquals(
          List.of(second.hash()), reorg.orphaned().stream().map(Transaction::hash).toList());
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static Transaction transfer(final PrivateKey sender, final long nonce) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(CHAIN_ID)
        .nonce(nonce)
        .maxPriorityFeePerGas(UInt256.ONE)
        .maxFeePerGas(UInt256.of(10_000_000_000L))
        .gasLimit(21_000)
        .to(Address.fromHex("0x00000000000000000000000000000000000c4a17"))
        .value(UInt256.ONE)
        .sign(sender);
  }

  private static Block block(
      final NodeResources resources,
      final BlockHeader parent,
      final PrivateKey signer,
      final List<Transaction> transactions) {
    final List<Address> signers = Clique.checkpointSigners(parent);
    final boolean inTurn =
        signers.indexOf(signer.publicKey().address()) == (parent.number() + 1) % signers.size();
    return TestChain.built(
            resources,
            parent,
            SealingFixture.child(parent, SealingFixture.difficulty(inTurn)),
            transactions,
            signer)
        .block();
  }
}
