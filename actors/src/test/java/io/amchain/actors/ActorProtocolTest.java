package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.actors.chain.Chain;
import io.amchain.actors.mempool.Mempool;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.pool.TxPool;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Mempool actor's protocol, with the persistence test kit's in-memory journal and real stores.
 * The other actors' cases moved to a test class each (ChainTest, BlockBuilderTest,
 * OwnProposalsTest, KryoSerializerTest); these move to MempoolTest once TxPool has left this
 * package.
 */
class ActorProtocolTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestNode.inMemoryJournal());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Chain.ImportResult importBlock(
      final ActorRef<Chain.Command> chain, final Block block) {
    final TestProbe<Chain.ImportResult> reply = testKit.createTestProbe();
    chain.tell(new Chain.Import(block, reply.getRef()));
    return reply.receiveMessage(Duration.ofSeconds(10));
  }

  /**
   * A transaction that cannot pay the base fee is pooled (and durable) but not announced, so not
   * gossiped; one that can run is; the pending nonce counts the waiting one.
   */
  @Test
  void mempoolAnnouncesOnlyExecutableTransactions(@TempDir final Path dir) {
    try (TestChain test = new TestChain(dir)) {
      final TestProbe<Mempool.NewPendingTransaction> announced = testKit.createTestProbe();
      testKit
          .system()
          .eventStream()
          .tell(
              new EventStream.Subscribe<>(Mempool.NewPendingTransaction.class, announced.getRef()));
      final ActorRef<Mempool.Command> pool =
          testKit.spawn(
              Mempool.create(test.resources, TxPool.Limits.DEFAULT.withMinGasPrice(UInt256.ONE)));
      final Address waiting = test.keys.get(0).publicKey().address();
      final Address recipient = test.keys.get(2).publicKey().address();
      final Transaction belowBaseFee =
          Transaction.builder(TransactionType.DYNAMIC_FEE)
              .chainId(test.genesis.chainId())
              .maxFeePerGas(UInt256.ONE)
              .maxPriorityFeePerGas(UInt256.ONE)
              .gasLimit(21_000)
              .to(recipient)
              .sign(test.keys.get(0));
      final Transaction runs = test.transfer(test.keys.get(1), 0, recipient, 1);
      final TestProbe<Mempool.SubmitResult> reply = testKit.createTestProbe();

      pool.tell(new Mempool.Submit(belowBaseFee, reply.getRef()));
      assertEquals(new Mempool.Accepted(belowBaseFee.hash()), reply.receiveMessage());
      pool.tell(new Mempool.Submit(runs, reply.getRef()));
      assertEquals(new Mempool.Accepted(runs.hash()), reply.receiveMessage());
      assertEquals(new Mempool.NewPendingTransaction(runs, true), announced.receiveMessage());
      assertEquals(2, test.resources.poolStore().transactions().size(), "both are durable");

      final TestProbe<Mempool.Content> content = testKit.createTestProbe();
      pool.tell(new Mempool.GetContent(content.getRef()));
      final Mempool.Content both = content.receiveMessage();
      assertEquals(Map.of(0L, belowBaseFee), both.queued().get(waiting));
      assertEquals(null, both.pending().get(waiting));
      final TestProbe<Mempool.NextNonce> nonce = testKit.createTestProbe();
      pool.tell(new Mempool.GetNextNonce(waiting, nonce.getRef()));
      assertEquals(new Mempool.NextNonce(1), nonce.receiveMessage());
      testKit.stop(pool);
    }
  }

  @Test
  void mempoolAcceptsDurablyRejectsWithGethsReasonsAndForgetsIncludedTransactions(
      @TempDir final Path dir) {
    try (TestChain test = new TestChain(dir)) {
      final ActorRef<Mempool.Command> pool =
          testKit.spawn(Mempool.create(test.resources, TxPool.Limits.DEFAULT));
      final PrivateKey sender = test.keys.get(0);
      final Address recipient = test.keys.get(1).publicKey().address();
      final Transaction first = test.transfer(sender, 0, recipient, 1);
      final TestProbe<Mempool.SubmitResult> reply = testKit.createTestProbe();

      pool.tell(new Mempool.Submit(first, reply.getRef()));
      assertEquals(new Mempool.Accepted(first.hash()), reply.receiveMessage());
      assertEquals(
          List.of(first.hash()),
          test.resources.poolStore().transactions().stream().map(Transaction::hash).toList());

      pool.tell(new Mempool.Submit(first, reply.getRef()));
      assertEquals(
          new Mempool.Rejected(TransactionException.Reason.ALREADY_KNOWN, ""),
          reply.receiveMessage());
      final Transaction poor = test.transfer(PrivateKey.generate(), 0, recipient, 1);
      pool.tell(new Mempool.Submit(poor, reply.getRef()));
      assertEquals(
          TransactionException.Reason.INSUFFICIENT_FUNDS,
          ((Mempool.Rejected) reply.receiveMessage()).reason());

      // A restarted pool reloads what it accepted.
      testKit.stop(pool);
      final ActorRef<Mempool.Command> reloaded =
          testKit.spawn(Mempool.create(test.resources, TxPool.Limits.DEFAULT));
      final TestProbe<Mempool.Content> content = testKit.createTestProbe();
      reloaded.tell(new Mempool.GetContent(content.getRef()));
      assertEquals(
          Map.of(0L, first), content.receiveMessage().pending().get(sender.publicKey().address()));

      // Once a block includes it, it leaves the pool and the durable copy.
      final ActorRef<Chain.Command> chain = testKit.spawn(Chain.create("pool", test.resources, 10));
      final Block block = test.next(test.resources.headHeader(), List.of(first));
      assertInstanceOf(Chain.Imported.class, importBlock(chain, block));
      final TestProbe<Object> probe = testKit.createTestProbe();
      probe.awaitAssert(
          () -> {
            reloaded.tell(new Mempool.GetContent(content.getRef()));
            assertTrue(content.receiveMessage().pending().isEmpty());
            assertTrue(test.resources.poolStore().transactions().isEmpty());
            return null;
          });
      testKit.stop(chain);
      testKit.stop(reloaded);
    }
  }
}
