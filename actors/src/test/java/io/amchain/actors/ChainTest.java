package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.actors.chain.Chain;
import io.amchain.consensus.chain.BlockImportException;
import io.amchain.consensus.chain.ChainImporter;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.CliqueError;
import io.amchain.consensus.clique.SealingFixture;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.store.Storage;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Chain actor's imports, the heads it publishes and its recovery, on the persistence test kit's
 * in-memory journal (events go through the real journal serializer, which the test kit applies) and
 * real stores.
 */
class ChainTest {
  private static final long CHAIN_ID = 1337;
  private static final ActorTestKit testKit = ActorTestKit.create(TestNode.inMemoryJournal());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Imports {@code block} through {@code chain} and returns its answer. */
  static Chain.ImportResult importBlock(
      final ActorTestKit testKit, final ActorRef<Chain.Command> chain, final Block block) {
    final TestProbe<Chain.ImportResult> reply = testKit.createTestProbe();
    chain.tell(new Chain.Import(block, reply.getRef()));
    return reply.receiveMessage(Duration.ofSeconds(10));
  }

  private static Chain.ImportResult importBlock(
      final ActorRef<Chain.Command> chain, final Block block) {
    return importBlock(testKit, chain, block);
  }

  @Test
  void chainImportsAnnouncesRejectsAndRecoversFromItsJournal(@TempDir final Path dir) {
    final TestProbe<Chain.NewHead> heads = testKit.createTestProbe();
    testKit
        .system()
        .eventStream()
        .tell(new EventStream.Subscribe<>(Chain.NewHead.class, heads.getRef()));
    try (TestChain test = new TestChain(dir)) {
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
      assertEquals(BlockImportException.Rule.CLIQUE, rejected.rule());
      assertEquals(CliqueError.UNAUTHORIZED_SIGNER, rejected.cliqueError());

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
    try (TestChain test = new TestChain(dir)) {
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
      assertEquals(BlockImportException.Rule.CLIQUE, rejected.rule());
      assertEquals(CliqueError.UNAUTHORIZED_SIGNER, rejected.cliqueError());

      chain.tell(new Chain.ImportBuilt(built.block(), built.receipts(), reply.getRef()));
      assertEquals(
          ChainImporter.Outcome.NEW_HEAD, reply.expectMessageClass(Chain.Imported.class).outcome());
      assertEquals(Duration.ZERO, timings.receiveMessage().executionTime(), "not executed again");
      assertEquals(built.receipts(), test.resources.chainStore().receipts(built.block().hash()));

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
    final Block two;
    final TestChain first = new TestChain(dir.resolve("first"));
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
            assertEquals(2, second.resources.chainStore().journalPosition());
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
    try (TestChain test = new TestChain(dir)) {
      test.resources.chainStore().putJournalPosition(5);
      final TestProbe<Object> watcher = testKit.createTestProbe();
      final ActorRef<Chain.Command> chain = testKit.spawn(Chain.create("ahead", test.resources, 2));
      watcher.expectTerminated(chain, Duration.ofSeconds(10));
    }
  }

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
    try (Storage storage = Storage.open(dir)) {
      final NodeResources resources = new NodeResources(genesis, storage);
      resources.importer(() -> 0).initialize(genesis.build(storage.stateStore()));
      final BlockHeader parent = resources.headHeader();
      final Transaction first = transfer(sender, 0);
      final Transaction second = transfer(sender, 1);
      // Block 1 is signer 1's turn: signer 0's block has the lower difficulty and loses.
      final Block outOfTurn = block(resources, parent, signers.get(0), List.of(first, second));
      final Block inTurn = block(resources, parent, signers.get(1), List.of(first));

      final TestProbe<Chain.NewHead> heads = testKit.createTestProbe();
      testKit
          .system()
          .eventStream()
          .tell(new EventStream.Subscribe<>(Chain.NewHead.class, heads.ref()));
      final ActorRef<Chain.Command> chain = testKit.spawn(Chain.create("node-0", resources, 100));
      final TestProbe<Chain.ImportResult> replies = testKit.createTestProbe();

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
      testKit.stop(chain);
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
