package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.amchain.actors.builder.BlockBuilder;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.mempool.Mempool;
import io.amchain.consensus.chain.ChainImporter;
import io.amchain.consensus.clique.SealingFixture;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BlockBuilder's protocol, with a scripted pool and a real chain to check what it builds. */
class BlockBuilderTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestNode.inMemoryJournal());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /**
   * A builder told to prepare asks the pool ahead of the build and runs what it gets: the block it
   * then builds holds those transactions although the pool's answer to the build itself holds only
   * the later ones (a builder that ignored Prepare would find a nonce gap and build an empty
   * block). The block is one every peer accepts; a build for another timestamp than the one
   * prepared is built afresh, to the same state.
   */
  @Test
  void aPreparedBuildHoldsWhatThePoolGainedBeforeAndAfterAndIsValid(@TempDir final Path dir) {
    try (TestChain test = new TestChain(dir)) {
      final PrivateKey sender = test.keys.get(0);
      final Address recipient = test.keys.get(1).publicKey().address();
      final List<Transaction> sent = new ArrayList<>();
      for (int nonce = 0; nonce < 4; nonce++) {
        sent.add(test.transfer(sender, nonce, recipient, 1 + nonce));
      }
      // A pool that answers every ask for candidates with what the test says it holds now.
      final AtomicReference<List<Transaction>> pooled = new AtomicReference<>(sent.subList(0, 2));
      final TestProbe<Mempool.Candidates> asks = testKit.createTestProbe();
      final ActorRef<Mempool.Command> pool =
          testKit.spawn(
              Behaviors.receive(Mempool.Command.class)
                  .onMessage(
                      Mempool.Candidates.class,
                      ask -> {
                        ask.replyTo().tell(new Mempool.CandidateList(pooled.get()));
                        asks.getRef().tell(ask);
                        return Behaviors.same();
                      })
                  .build());
      final ActorRef<BlockBuilder.Command> builder =
          testKit.spawn(BlockBuilder.create(test.resources, pool));
      final BlockHeader head = test.resources.headHeader();
      final PrivateKey signer = test.inTurn(1);
      final long timestamp = System.currentTimeMillis() / 1000;

      builder.tell(new BlockBuilder.Prepare(head, signer.publicKey().address(), timestamp));
      // Two top-ups: the first one's answer reached the builder before it asked again.
      asks.expectMessageClass(Mempool.Candidates.class);
      asks.expectMessageClass(Mempool.Candidates.class);
      pooled.set(sent.subList(2, 4));

      final Snapshot snapshot = test.resources.snapshotAt(head.hash());
      final TestProbe<BlockBuilder.BuildResult> built = testKit.createTestProbe();
      builder.tell(
          new BlockBuilder.Build(
              head,
              snapshot,
              signer.publicKey().address(),
              timestamp,
              Optional.empty(),
              built.getRef()));
      final Block prepared =
          assertInstanceOf(BlockBuilder.Built.class, built.receiveMessage(Duration.ofSeconds(10)))
              .block();
      assertEquals(sent, prepared.transactions());

      pooled.set(sent);
      builder.tell(
          new BlockBuilder.Build(
              head,
              snapshot,
              signer.publicKey().address(),
              timestamp + 1,
              Optional.empty(),
              built.getRef()));
      final Block afresh =
          assertInstanceOf(BlockBuilder.Built.class, built.receiveMessage(Duration.ofSeconds(10)))
              .block();
      assertEquals(sent, afresh.transactions());
      assertEquals(prepared.header().stateRoot(), afresh.header().stateRoot());

      final ActorRef<Chain.Command> chain =
          testKit.spawn(Chain.create("prepared", test.resources, 10));
      final Block sealed = SealingFixture.seal(prepared, signer);
      assertEquals(
          new Chain.Imported(sealed.hash(), 1, ChainImporter.Outcome.NEW_HEAD),
          ChainTest.importBlock(testKit, chain, sealed));
      testKit.stop(chain);
      testKit.stop(builder);
      testKit.stop(pool);
    }
  }
}
