package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.actors.builder.BlockBuilder;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.mempool.Mempool;
import io.amchain.actors.proposals.OwnProposals;
import io.amchain.actors.sync.Sync;
import io.amchain.actors.wire.KryoSerializer;
import io.amchain.consensus.chain.BlockImportException;
import io.amchain.consensus.chain.ChainImporter;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.CliqueError;
import io.amchain.consensus.clique.CliqueException;
import io.amchain.consensus.clique.Proposal;
import io.amchain.consensus.clique.Proposals;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.pool.TxPool;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each actor's protocol on its own, with the persistence test kit's in-memory journal (events go
 * through the real journal serializer, which the test kit applies) and real stores.
 */
class ActorProtocolTest {
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(TestNode.inMemoryJournal());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static Chain.ImportResult importBlock(
      final ActorRef<Chain.Command> chain, final Block block) {
    final TestProbe<Chain.ImportResult> reply = testKit.createTestProbe();
    chain.tell(new Chain.Import(block, reply.getRef()));
    return reply.receiveMessage(Duration.ofSeconds(10));
  }

  @Test
  void chainImportsAnnouncesRejectsAndRecoversFromItsJournal(@TempDir final Path dir) {
    final TestProbe<Chain.NewHead> heads = testKit.createTestProbe();
    testKit
        .system()
        .eventStream()
        .tell(new EventStream.Subscribe<>(Chain.NewHead.class, heads.getRef()));
    try (TestChain test = new TestChain(dir, now() - 100)) {
      final BlockHeader genesis = test.resources.headHeader();
      final ActorRef<Chain.Command> chain =
          testKit.spawn(Chain.create("recovering", test.resources, 2));
      final Block one = test.next(genesis, List.of());
      final Block two = test.next(one.header(), List.of());

      assertEquals(
          new Chain.UnknownParent(two.hash(), 2), importBlock(chain, two), "parent not yet known");
      final Chain.Imported imported =
          assertInstanceOf(Chain.Imported.class, importBlock(chain, one));
      assertEquals(ChainImporter.Outcome.NEW_HEAD, imported.outcome());
      assertEquals(one.hash(), heads.receiveMessage().block().hash());
      assertEquals(
          ChainImporter.Outcome.ALREADY_KNOWN,
          ((Chain.Imported) importBlock(chain, one)).outcome());

      final PrivateKey outsider = PrivateKey.generate();
      final Block forged = test.next(one.header(), List.of(), outsider);
      final Chain.Rejected rejected =
          assertInstanceOf(Chain.Rejected.class, importBlock(chain, forged));
      assertTrue(
          rejected.detail().startsWith(CliqueError.UNAUTHORIZED_SIGNER.message()),
          rejected.detail());
      assertEquals(BlockImportException.Rule.CLIQUE, rejected.rule());

      assertInstanceOf(Chain.Imported.class, importBlock(chain, two));
      assertEquals(two.hash(), heads.receiveMessage().block().hash());
      testKit.stop(chain);
    }
  }

  @Test
  void aBlockThisNodeBuiltIsCheckedButNotExecutedAgain(@TempDir final Path dir) {
    final TestProbe<Chain.ImportTimed> timings = testKit.createTestProbe();
    testKit
        .system()
        .eventStream()
        .tell(new EventStream.Subscribe<>(Chain.ImportTimed.class, timings.getRef()));
    try (TestChain test = new TestChain(dir, now() - 100)) {
      final BlockHeader genesis = test.resources.headHeader();
      final ActorRef<Chain.Command> chain =
          testKit.spawn(Chain.create("built", test.resources, 10));
      final PrivateKey sender = test.inTurn(1);
      final Transaction transfer =
          test.transfer(sender, 0, Address.fromHex("0x" + "b0".repeat(20)), 7);
      final TestChain.Built built = test.built(genesis, List.of(transfer), test.inTurn(1));
      assertEquals(List.of(transfer), built.block().transactions());
      final TestProbe<Chain.ImportResult> reply = testKit.createTestProbe();

      final Block forged = test.next(genesis, List.of(), PrivateKey.generate());
      chain.tell(new Chain.ImportBuilt(forged, List.of(), reply.getRef()));
      final Chain.Rejected rejected = reply.expectMessageClass(Chain.Rejected.class);
      assertTrue(
          rejected.detail().startsWith(CliqueError.UNAUTHORIZED_SIGNER.message()),
          rejected.detail());
      assertEquals(BlockImportException.Rule.CLIQUE, rejected.rule());

      chain.tell(new Chain.ImportBuilt(built.block(), built.receipts(), reply.getRef()));
      assertEquals(
          ChainImporter.Outcome.NEW_HEAD, reply.expectMessageClass(Chain.Imported.class).outcome());
      assertEquals(Duration.ZERO, timings.receiveMessage().executionTime(), "not executed again");
      assertEquals(built.receipts(), test.resources.chain().receipts(built.block().hash()));

      final Block next = test.next(built.block().header(), List.of());
      assertInstanceOf(Chain.Imported.class, importBlock(chain, next));
      assertTrue(
          timings.receiveMessage().executionTime().compareTo(Duration.ZERO) > 0,
          "a peer's block is executed");
      testKit.stop(chain);
    }
  }

  @Test
  void theChainStoreIsRebuiltFromTheJournal(@TempDir final Path dir) {
    final long start = now() - 100;
    final Block two;
    final TestChain first = new TestChain(dir.resolve("first"), start);
    try (first) {
      final ActorRef<Chain.Command> chain =
          testKit.spawn(Chain.create("rebuild", first.resources, 2));
      final Block one = first.next(first.resources.headHeader(), List.of());
      two = first.next(one.header(), List.of());
      assertInstanceOf(Chain.Imported.class, importBlock(chain, one));
      assertInstanceOf(Chain.Imported.class, importBlock(chain, two));
      testKit.stop(chain);
    }
    // Same keys and genesis, new empty stores: the journal replays both blocks into them.
    try (TestChain second = first.withFreshStores(dir.resolve("second"))) {
      final ActorRef<Chain.Command> chain =
          testKit.spawn(Chain.create("rebuild", second.resources, 2));
      final TestProbe<Object> probe = testKit.createTestProbe();
      probe.awaitAssert(
          Duration.ofSeconds(10),
          () -> {
            assertEquals(two.hash(), second.resources.headHeader().hash());
            assertEquals(2, second.resources.chain().journalPosition());
            return null;
          });
      testKit.stop(chain);
    }
  }

  /**
   * A chain store built from more of the journal than the journal holds (a journal lost or swapped)
   * stops the Chain actor at recovery instead of running on blocks it cannot recover.
   */
  @Test
  void aStoreAheadOfItsJournalStopsTheChain(@TempDir final Path dir) {
    try (TestChain test = new TestChain(dir, now() - 100)) {
      test.resources.chain().putJournalPosition(5);
      final TestProbe<Object> watcher = testKit.createTestProbe();
      final ActorRef<Chain.Command> chain = testKit.spawn(Chain.create("ahead", test.resources, 2));
      watcher.expectTerminated(chain, Duration.ofSeconds(10));
    }
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
    try (TestChain test = new TestChain(dir, now() - 100)) {
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
      final long timestamp = now();

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
      final Block sealed =
          new Block(Clique.seal(prepared.header(), signer), prepared.transactions(), List.of());
      assertEquals(
          new Chain.Imported(sealed.hash(), 1, ChainImporter.Outcome.NEW_HEAD),
          importBlock(chain, sealed));
      testKit.stop(chain);
      testKit.stop(builder);
      testKit.stop(pool);
    }
  }

  /**
   * A transaction that cannot pay the base fee is pooled (and durable) but not announced, so not
   * gossiped; one that can run is; the pending nonce counts the waiting one.
   */
  @Test
  void mempoolAnnouncesOnlyExecutableTransactions(@TempDir final Path dir) {
    try (TestChain test = new TestChain(dir, now() - 100)) {
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
      assertEquals(2, test.chain.pooled().size(), "both are durable");

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
    try (TestChain test = new TestChain(dir, now() - 100)) {
      final ActorRef<Mempool.Command> pool =
          testKit.spawn(Mempool.create(test.resources, TxPool.Limits.DEFAULT));
      final PrivateKey sender = test.keys.get(0);
      final Address recipient = test.keys.get(1).publicKey().address();
      final Transaction first = test.transfer(sender, 0, recipient, 1);
      final TestProbe<Mempool.SubmitResult> reply = testKit.createTestProbe();

      pool.tell(new Mempool.Submit(first, reply.getRef()));
      assertEquals(new Mempool.Accepted(first.hash()), reply.receiveMessage());
      assertEquals(
          List.of(first.hash()), test.chain.pooled().stream().map(Transaction::hash).toList());

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
            assertTrue(test.chain.pooled().isEmpty());
            return null;
          });
      testKit.stop(chain);
      testKit.stop(reloaded);
    }
  }

  /**
   * OwnProposals keeps this node's proposals and tells its followers of every change; the vote cast
   * from them is only ever a sensible one, chosen against the node's one snapshot cache.
   */
  @Test
  void ownProposalsKeepProposalsTellFollowersAndYieldOnlySensibleVotes(@TempDir final Path dir) {
    try (TestChain test = new TestChain(dir, now() - 100)) {
      final ActorRef<OwnProposals.Command> own = testKit.spawn(OwnProposals.create());
      final Address newcomer = PrivateKey.generate().publicKey().address();
      final Address signer = test.keys.get(0).publicKey().address();
      final TestProbe<OwnProposals.ProposalList> follower = testKit.createTestProbe();
      own.tell(new OwnProposals.Follow(follower.getRef()));
      assertEquals(Map.of(), follower.receiveMessage().proposals());
      final TestProbe<OwnProposals.ProposalList> proposals = testKit.createTestProbe();
      own.tell(new OwnProposals.Propose(newcomer, true, proposals.getRef()));
      assertEquals(Map.of(newcomer, true), proposals.receiveMessage().proposals());
      assertEquals(Map.of(newcomer, true), follower.receiveMessage().proposals());
      own.tell(new OwnProposals.Propose(signer, true, proposals.getRef()));
      proposals.receiveMessage();
      final Map<Address, Boolean> held = follower.receiveMessage().proposals();
      assertEquals(Map.of(newcomer, true, signer, true), held);

      final Snapshot snapshot = test.resources.snapshotAt(test.resources.headHeader().hash());
      assertEquals(3, snapshot.signers().size());
      // Adding an existing signer makes no sense: only the newcomer is ever voted for.
      final Random random = new Random(7);
      for (int i = 0; i < 10; i++) {
        assertEquals(
            Optional.of(new Proposal(newcomer, true)), Proposals.nextVote(held, snapshot, random));
      }
      own.tell(new OwnProposals.Discard(newcomer, proposals.getRef()));
      assertEquals(Map.of(signer, true), proposals.receiveMessage().proposals());
      final Map<Address, Boolean> left = follower.receiveMessage().proposals();
      assertTrue(Proposals.nextVote(left, snapshot, random).isEmpty());
      final TestProbe<OwnProposals.ProposalList> asked = testKit.createTestProbe();
      own.tell(new OwnProposals.GetProposals(asked.getRef()));
      assertEquals(left, asked.receiveMessage().proposals());

      assertThrows(
          CliqueException.class,
          () -> test.resources.snapshotAt(Hash.ZERO),
          "unknown block: no snapshot");
      testKit.stop(own);
    }
  }

  /** A wire message nobody registered: the serializer must refuse it. */
  record Unregistered(long value) implements WireMessage {}

  @Test
  void wireMessagesRoundTripThroughKryoAndUnregisteredOnesAreRefused() {
    final Serialization serialization = SerializationExtension.get(testKit.system());
    final TestProbe<Sync.Command> peer = testKit.createTestProbe();
    final List<Object> messages =
        List.of(
            new Gossip.NewBlock(Bytes.fromHex("0xc0ffee")),
            new Gossip.NewTransactions(List.of(Bytes.fromHex("0x01"), Bytes.fromHex("0x0203"))),
            new Gossip.SealingStarted(Bytes.fromHex("0x5ea1")),
            new Sync.GetStatus(peer.getRef()),
            new Sync.Status(Hash.ZERO, 7, Bytes.fromHex("0x0e"), peer.getRef()),
            new Sync.GetBlocks(1, 128, peer.getRef()),
            new Sync.Blocks(List.of(Bytes.fromHex("0xc0")), peer.getRef()));
    for (final Object message : messages) {
      final Serializer serializer = serialization.findSerializerFor(message);
      assertInstanceOf(KryoSerializer.class, serializer, message.getClass().getName());
      final byte[] bytes = serialization.serialize(message).get();
      assertEquals(message, serialization.deserialize(bytes, serializer.identifier(), "").get());
    }
    assertTrue(serialization.serialize(new Unregistered(1)).isFailure());
  }
}
