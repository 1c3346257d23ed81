package io.amchain.actors.chain;

import io.amchain.actors.NodeResources;
import io.amchain.consensus.chain.BlockImportException;
import io.amchain.consensus.chain.ChainImporter;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.jspecify.annotations.Nullable;

/**
 * The node's chain: every block it accepts is an event in its journal, and the RocksDB chain store
 * (blocks, canonical index, receipts) is derived from that journal.
 *
 * <p>An import verifies the block completely (Clique, body, execution) before persisting it; the
 * event handler then commits the verified block to the store, so the store never holds a block the
 * journal lacks. On recovery the handler re-imports every replayed block the store does not hold,
 * which rebuilds a lost or lagging store from the journal; when the store holds only genesis,
 * snapshots are ignored so that the replay starts from the first block.
 *
 * <p>Whenever the canonical head moves, {@link NewHead} goes to the system event stream with the
 * transactions of blocks that left the canonical chain, for the mempool to take back.
 */
public final class Chain extends EventSourcedBehavior<Chain.Command, Chain.Event, Chain.State> {

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

  /** The block broke a rule; {@code reason} is geth's text where geth has one. */
  public record Rejected(Hash hash, long number, String reason) implements ImportResult {}

  /** The block's parent is not stored: the sender should sync the range first. */
  public record UnknownParent(Hash hash, long number) implements ImportResult {}

  /**
   * Published on the event stream when the canonical head moves: the new head, the Clique snapshot
   * after it (who may seal the next block), and the transactions of the blocks that left the
   * canonical chain.
   */
  public record NewHead(Block block, Snapshot snapshot, List<Transaction> orphaned) {
    public NewHead {
      orphaned = List.copyOf(orphaned);
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

  /** What recovery needs besides the store: the head the journal led to. */
  public record State(Hash head, long number, long blocks) {}

  private final ActorContext<Command> context;
  private final NodeResources resources;
  private final ChainImporter importer;
  private final int snapshotEvery;
  private final boolean fullReplay;

  /**
   * The block verified by the command handler, with the RLP its event carries, committed by the
   * event handler right after.
   */
  private @Nullable Pending verified;

  private record Pending(ChainImporter.Verified verified, Bytes rlp) {}

  private ChainImporter.Outcome lastOutcome = ChainImporter.Outcome.ALREADY_KNOWN;

  /** How long the last body execution took, for {@link ImportTimed}. */
  private long executionNanos;

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
    this.importer = resources.importer(() -> System.currentTimeMillis() / 1000, this::execute);
    this.snapshotEvery = snapshotEvery;
    this.fullReplay = resources.headHeader().number() == 0;
  }

  @Override
  public State emptyState() {
    final BlockHeader genesis = resources.headHeader();
    return new State(genesis.hash(), genesis.number(), 0);
  }

  @Override
  public Recovery recovery() {
    return fullReplay
        ? Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none())
        : super.recovery();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Import.class, (state, c) -> onImport(state, c.block(), c.replyTo(), importer::verify))
        .onCommand(
            ImportBuilt.class,
            (state, c) ->
                onImport(
                    state,
                    c.block(),
                    c.replyTo(),
                    block -> importer.verifyBuilt(block, c.receipts())))
        .build();
  }

  private List<Receipt> execute(final Block block, final BlockHeader parent, final Address author) {
    final long start = System.nanoTime();
    try {
      return resources.execute(block, parent, author);
    } finally {
      executionNanos = System.nanoTime() - start;
    }
  }

  private Effect<Event, State> onImport(
      final State state,
      final Block block,
      final ActorRef<ImportResult> replyTo,
      final Function<Block, ChainImporter.Verified> verification) {
    final long start = System.nanoTime();
    executionNanos = 0;
    if (importer.isKnown(block.hash())) {
      replyTo.tell(new Imported(block.hash(), block.number(), ChainImporter.Outcome.ALREADY_KNOWN));
      return Effect().none();
    }
    if (!importer.isKnown(block.header().parentHash())) {
      replyTo.tell(new UnknownParent(block.hash(), block.number()));
      return Effect().none();
    }
    final Pending pending;
    try {
      pending = new Pending(verification.apply(block), block.encoded());
    } catch (BlockImportException e) {
      context.getLog().warn("rejected block {}: {}", block.number(), e.getMessage());
      replyTo.tell(new Rejected(block.hash(), block.number(), String.valueOf(e.getMessage())));
      return Effect().none();
    }
    verified = pending;
    final Hash oldHead = state.head();
    return Effect()
        .persist(new BlockImported(pending.rlp()))
        .thenRun(
            after -> {
              replyTo.tell(new Imported(block.hash(), block.number(), lastOutcome));
              final EventStream.Publish<ImportTimed> timed =
                  new EventStream.Publish<>(
                      new ImportTimed(
                          block.number(),
                          Duration.ofNanos(System.nanoTime() - start),
                          Duration.ofNanos(executionNanos)));
              context.getSystem().eventStream().tell(timed);
              if (lastOutcome == ChainImporter.Outcome.NEW_HEAD) {
                context
                    .getSystem()
                    .eventStream()
                    .tell(
                        new EventStream.Publish<>(
                            new NewHead(block, pending.verified().snapshot(), orphaned(oldHead))));
              }
            });
  }

  /**
   * The transactions of the blocks that left the canonical chain when the head moved, less those
   * the new canonical blocks hold: a sibling usually holds most of them, and each one handed back
   * costs the mempool a sender recovery, its costliest step, only to be dropped as mined.
   */
  private List<Transaction> orphaned(final Hash oldHead) {
    final ChainStore store = resources.chain();
    final List<Transaction> orphaned = new ArrayList<>();
    // Headers first: the old head is almost always still canonical (the new head extends it), and
    // a header costs a fraction of a full block to decode.
    BlockHeader cursor = store.header(oldHead);
    while (cursor != null && !cursor.hash().equals(store.canonicalHash(cursor.number()))) {
      orphaned.addAll(Objects.requireNonNull(store.block(cursor.hash())).transactions());
      cursor = store.header(cursor.parentHash());
    }
    if (orphaned.isEmpty() || cursor == null) {
      return orphaned;
    }
    final Set<Hash> mined = new HashSet<>();
    final long head = resources.headHeader().number();
    for (long number = cursor.number() + 1; number <= head; number++) {
      final Hash hash = store.canonicalHash(number);
      final Block block = hash == null ? null : store.block(hash);
      if (block != null) {
        block.transactions().forEach(tx -> mined.add(tx.hash()));
      }
    }
    orphaned.removeIf(tx -> mined.contains(tx.hash()));
    return orphaned;
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(BlockImported.class, this::onBlockImported)
        .build();
  }

  private State onBlockImported(final State state, final BlockImported event) {
    final Pending pending = verified;
    verified = null;
    // The command handler verified this very block just before persisting it: comparing the bytes
    // (the same array, unless the journal copied it) costs far less than decoding thousands of
    // transactions again. Recovery replays have no pending verification and import the event.
    lastOutcome =
        pending != null && pending.rlp().equals(event.rlp())
            ? importer.commit(pending.verified())
            : importer.importBlock(Block.decode(event.rlp()));
    final BlockHeader head = resources.headHeader();
    return new State(head.hash(), head.number(), state.blocks() + 1);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              if (!importer.isKnown(state.head())) {
                throw new IllegalStateException(
                    "the chain store is behind the journal (it lacks block "
                        + state.number()
                        + "); delete the data directory's state/ folder to rebuild it");
              }
              context
                  .getLog()
                  .info(
                      "chain recovered from the journal: {} blocks, head {} {}",
                      state.blocks(),
                      state.number(),
                      state.head());
            })
        .build();
  }
}
