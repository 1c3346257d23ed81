package io.amchain.actors.chain;

import io.amchain.actors.NodeResources;
import io.amchain.consensus.chain.BlockImportException;
import io.amchain.consensus.chain.ChainImporter;
import io.amchain.consensus.clique.CliqueError;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.jspecify.annotations.Nullable;

/**
 * The node's chain: every block it accepts is an event in its journal, and the RocksDB chain store
 * (blocks, canonical index, receipts) is derived from that journal.
 *
 * <p>A command verifies the block completely (Clique, body, execution) and persists it; only then,
 * as the persist's side effect, is the verified block committed to the store and the reply sent, so
 * the store never holds a block the journal lacks. The event handler only counts the journal's
 * blocks: it runs on replay too, and replay must not write.
 *
 * <p>The store records how far into the journal it is built ({@link ChainStore#journalPosition}).
 * When recovery completes, the blocks of the journal past that position (the last one, after a
 * crash between persist and commit; all of them, for a store deleted to be rebuilt) are read back
 * through the journal's query plugin ({@code amchain.read-journal}) and imported.
 *
 * <p>Whenever the canonical head moves, {@link NewHead} goes to the system event stream with the
 * blocks that left the canonical chain and those that joined it: the mempool takes back the
 * orphaned transactions, the API reports removed and added logs.
 */
public final class Chain
    extends EventSourcedBehaviorWithEnforcedReplies<Chain.Command, Chain.Event, Chain.State> {

  /** What the chain is asked to do. */
  public sealed interface Command {}

  /** Verify and add a block from a peer or from sync. */
  public record Import(Block block, ActorRef<ImportResult> replyTo) implements Command {}

  /**
   * Add a block this node's builder executed and its signer sealed: checked like any other block,
   * but not executed again ({@link ChainImporter#verifyBuilt}).
   */
  public record ImportBuilt(Block block, List<Receipt> receipts, ActorRef<ImportResult> replyTo)
      implements Command {
    public ImportBuilt {
      receipts = List.copyOf(receipts);
    }
  }

  /** The outcome of an {@link Import}. */
  public sealed interface ImportResult {}

  /** The block is stored (or was already). */
  public record Imported(Hash hash, long number, ChainImporter.Outcome outcome)
      implements ImportResult {}

  /**
   * The block broke {@code rule} ({@code cliqueError} names the Clique rule, if it was one); {@code
   * detail} says how, in geth's words where geth has them.
   */
  public record Rejected(
      Hash hash,
      long number,
      BlockImportException.Rule rule,
      @Nullable CliqueError cliqueError,
      String detail)
      implements ImportResult {}

  /** The block's parent is not stored: the sender should sync the range first. */
  public record UnknownParent(Hash hash, long number) implements ImportResult {}

  /**
   * Published on the event stream when the canonical head moves: the new head, the Clique snapshot
   * after it (who may seal the next block), the blocks that left the canonical chain (newest first:
   * empty unless a reorganisation) and those that joined it (oldest first, ending with the head).
   */
  public record NewHead(Block block, Snapshot snapshot, List<Block> removed, List<Block> added) {
    public NewHead {
      removed = List.copyOf(removed);
      added = List.copyOf(added);
    }

    /**
     * The transactions of the blocks that left the canonical chain, less those the blocks that
     * joined it hold: a sibling usually holds most of them, and each one handed back costs the
     * mempool a sender recovery, its costliest step, only to be dropped as mined.
     */
    public List<Transaction> orphaned() {
      if (removed.isEmpty()) {
        return List.of();
      }
      final Set<Hash> mined = new HashSet<>();
      added.forEach(b -> b.transactions().forEach(tx -> mined.add(tx.hash())));
      final List<Transaction> orphaned = new ArrayList<>();
      removed.forEach(
          b ->
              b.transactions().stream()
                  .filter(tx -> !mined.contains(tx.hash()))
                  .forEach(orphaned::add));
      return orphaned;
    }
  }

  /**
   * Published on the event stream after each block this node stores: how long the whole import took
   * (verification, execution, journal write, store commit) and how long the EVM took of it.
   */
  public record ImportTimed(long number, Duration importTime, Duration executionTime) {}

  /** Journal events: canonical RLP, so that every later release can replay them. */
  public sealed interface Event {}

  /** A verified block, as its network RLP. */
  public record BlockImported(Bytes rlp) implements Event {}

  /** How many blocks the journal holds. */
  public record State(long blocks) {}

  /** The configuration key naming the query plugin of the node's journal. */
  public static final String READ_JOURNAL = "amchain.read-journal";

  private final ActorContext<Command> context;
  private final NodeResources resources;
  private final ChainImporter importer;
  private final int snapshotEvery;

  public static Behavior<Command> create(
      final String nodeId, final NodeResources resources, final int snapshotEvery) {
    return Behaviors.setup(context -> new Chain(context, nodeId, resources, snapshotEvery));
  }

  private Chain(
      final ActorContext<Command> context,
      final String nodeId,
      final NodeResources resources,
      final int snapshotEvery) {
    super(PersistenceId.ofUniqueId("chain-" + resources.chainId() + "-" + nodeId));
    this.context = context;
    this.resources = resources;
    this.importer = resources.importer(() -> System.currentTimeMillis() / 1000);
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public State emptyState() {
    return new State(0);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Import.class, c -> onImport(c.block(), c.replyTo(), importer::verify))
        .onCommand(
            ImportBuilt.class,
            c ->
                onImport(
                    c.block(), c.replyTo(), block -> importer.verifyBuilt(block, c.receipts())))
        .build();
  }

  private ReplyEffect<Event, State> onImport(
      final Block block,
      final ActorRef<ImportResult> replyTo,
      final Function<Block, ChainImporter.Verified> verification) {
    final long start = System.nanoTime();
    if (importer.isKnown(block.hash())) {
      return Effect()
          .reply(
              replyTo,
              new Imported(block.hash(), block.number(), ChainImporter.Outcome.ALREADY_KNOWN));
    }
    if (!importer.isKnown(block.header().parentHash())) {
      return Effect().reply(replyTo, new UnknownParent(block.hash(), block.number()));
    }
    final ChainImporter.Verified verified;
    try {
      verified = verification.apply(block);
    } catch (BlockImportException e) {
      context.getLog().warn("rejected block {}: {}", block.number(), e.getMessage());
      return Effect()
          .reply(
              replyTo,
              new Rejected(block.hash(), block.number(), e.rule(), e.cliqueError(), e.detail()));
    }
    // Only this actor writes blocks, so the store cannot change before the commit below.
    final ChainImporter.Outcome outcome = importer.outcomeOf(verified);
    return Effect()
        .persist(new BlockImported(block.encoded()))
        .thenRun(after -> commit(verified, start))
        .thenReply(replyTo, after -> new Imported(block.hash(), block.number(), outcome));
  }

  /** Writes a journaled block to the store and tells the node. */
  private void commit(final ChainImporter.Verified verified, final long start) {
    final Block block = verified.block();
    final Hash oldHead = resources.headHeader().hash();
    final ChainImporter.Outcome outcome =
        importer.commit(verified, OptionalLong.of(lastSequenceNumber(context)));
    publish(
        new ImportTimed(
            block.number(), Duration.ofNanos(System.nanoTime() - start), verified.execution()));
    if (outcome == ChainImporter.Outcome.NEW_HEAD) {
      publish(headChange(oldHead, block, verified.snapshot()));
    }
  }

  private void publish(final Object event) {
    context.getSystem().eventStream().tell(new EventStream.Publish<>(event));
  }

  /**
   * How the canonical chain changed when {@code head} replaced {@code oldHead}: the blocks from the
   * old head back to where it meets the new canonical chain left it, the blocks from there up to
   * the new head joined it.
   */
  private NewHead headChange(final Hash oldHead, final Block head, final Snapshot snapshot) {
    final ChainStore store = resources.chainStore();
    // Headers first: the old head is almost always still canonical (the new head extends it), and
    // a header costs a fraction of a full block to decode.
    final List<Block> removed = new ArrayList<>();
    BlockHeader cursor = store.header(oldHead);
    while (cursor != null && !cursor.hash().equals(store.canonicalHash(cursor.number()))) {
      removed.add(Objects.requireNonNull(store.block(cursor.hash())));
      cursor = store.header(cursor.parentHash());
    }
    if (cursor == null || cursor.number() + 1 == head.number()) {
      return new NewHead(head, snapshot, removed, List.of(head));
    }
    final List<Block> added = new ArrayList<>();
    for (long number = cursor.number() + 1; number < head.number(); number++) {
      final Hash hash = store.canonicalHash(number);
      final Block block = hash == null ? null : store.block(hash);
      if (block != null) {
        added.add(block);
      }
    }
    added.add(head);
    return new NewHead(head, snapshot, removed, added);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(BlockImported.class, (state, event) -> new State(state.blocks() + 1))
        .build();
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::catchUp).build();
  }

  /**
   * Imports the journaled blocks the store lacks. This runs before the actor takes its first
   * command, as the replay itself does; a store ahead of its journal (a journal lost or swapped)
   * stops the node, since its blocks could not be recovered from that journal.
   */
  private void catchUp(final State state) {
    final ChainStore store = resources.chainStore();
    final long journaled = lastSequenceNumber(context);
    final long built = store.journalPosition();
    if (built > journaled) {
      throw new IllegalStateException(
          "the chain store was built from "
              + built
              + " journal events but the journal holds "
              + journaled
              + "; restore that journal, or delete the data directory's state/ folder to rebuild"
              + " the store from this one");
    }
    if (built < journaled) {
      final String plugin = context.getSystem().settings().config().getString(READ_JOURNAL);
      final CurrentEventsByPersistenceIdQuery query =
          PersistenceQuery.get(context.getSystem())
              .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, plugin);
      query
          .currentEventsByPersistenceId(persistenceId().id(), built + 1, journaled)
          .runForeach(
              envelope ->
                  importer.importBlock(
                      Block.decode(((BlockImported) envelope.event()).rlp()),
                      OptionalLong.of(envelope.sequenceNr())),
              context.getSystem())
          .toCompletableFuture()
          .join();
      context
          .getLog()
          .info("chain store caught up on journal events {} to {}", built + 1, journaled);
    }
    final BlockHeader head = resources.headHeader();
    context
        .getLog()
        .info(
            "chain recovered from the journal: {} blocks, head {} {}",
            state.blocks(),
            head.number(),
            head.hash());
  }
}
