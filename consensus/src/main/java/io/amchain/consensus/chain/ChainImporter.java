package io.amchain.consensus.chain;

import io.amchain.consensus.clique.ChainRules;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.CliqueException;
import io.amchain.consensus.clique.ForkChoice;
import io.amchain.consensus.clique.HeaderValidator;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.consensus.clique.Snapshots;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Adds blocks to a {@link ChainStore}: every header verified by Clique, the body checked against
 * the header's roots, the head moved by fork choice. A rejected block leaves the store as it was.
 *
 * <p>Import is two steps, {@link #verify} and {@link #commit}, so that a node can make the verified
 * block durable in its journal between them: the store then never holds a block the journal lacks.
 *
 * <p>Bodies are executed by a {@link BodyExecutor} the caller supplies (the node wires the EVM), so
 * that this module needs nothing beyond the ledger.
 */
public final class ChainImporter {
  /** What happened to a block. */
  public enum Outcome {
    ALREADY_KNOWN,
    NEW_HEAD,
    SIDE_CHAIN
  }

  /**
   * Executes a block's body on its parent's state, checks the header's execution fields (gas used,
   * receipts root, bloom, state root) and returns the receipts; throws with the reason when they do
   * not match. Consensus does not know the EVM: the node supplies this.
   */
  @FunctionalInterface
  public interface BodyExecutor {
    List<Receipt> execute(Block block, BlockHeader parent, Address author);
  }

  /**
   * A block that passed every check, with what committing it needs: its total difficulty, the
   * Clique snapshot after it, its receipts, and how long its body's execution took (zero for a
   * block this node built, which is not executed again).
   */
  public record Verified(
      Block block,
      UInt256 totalDifficulty,
      Snapshot snapshot,
      List<Receipt> receipts,
      Duration execution) {}

  private final ChainStore store;
  private final BodyExecutor executor;
  private final Snapshots snapshots;
  private final HeaderValidator validator;
  private final LongSupplier clockSeconds;

  /** An importer with a snapshot cache of its own (for a store nothing else reads snapshots of). */
  public ChainImporter(
      final ChainStore store,
      final ChainRules rules,
      final LongSupplier clockSeconds,
      final BodyExecutor executor) {
    this(store, rules, new Snapshots(rules.epoch(), store::header), clockSeconds, executor);
  }

  /**
   * An importer that reads and fills {@code snapshots}, the cache the node's signer and RPC read
   * too: the snapshot of every block this importer makes the head is remembered there.
   */
  public ChainImporter(
      final ChainStore store,
      final ChainRules rules,
      final Snapshots snapshots,
      final LongSupplier clockSeconds,
      final BodyExecutor executor) {
    this.store = store;
    this.executor = executor;
    this.snapshots = snapshots;
    this.validator = new HeaderValidator(rules, store::header, snapshots);
    this.clockSeconds = clockSeconds;
  }

  /** Stores the genesis block if the store is empty; otherwise checks it is the same genesis. */
  public void initialize(final Block genesis) {
    final Hash known = store.canonicalHash(0);
    if (known == null) {
      store.putAsHead(genesis, genesis.header().difficulty(), List.of(), OptionalLong.empty());
    } else if (!known.equals(genesis.hash())) {
      throw new BlockImportException(
          0,
          genesis.hash(),
          BlockImportException.Rule.GENESIS_MISMATCH,
          "genesis mismatch: the data directory holds genesis " + known);
    }
  }

  /** Verifies and commits a block; a block already stored is left alone. */
  public Outcome importBlock(final Block block) {
    return importBlock(block, OptionalLong.empty());
  }

  /**
   * Verifies and commits a block read from the node's journal at {@code journalPosition}, which the
   * store records with it ({@link ChainStore#journalPosition}); a block already stored is left
   * alone, and only the position is recorded.
   */
  public Outcome importBlock(final Block block, final OptionalLong journalPosition) {
    if (store.contains(block.hash())) {
      journalPosition.ifPresent(store::putJournalPosition);
      return Outcome.ALREADY_KNOWN;
    }
    return commit(verify(block), journalPosition);
  }

  /** Whether the store holds a block. */
  public boolean isKnown(final Hash hash) {
    return store.contains(hash);
  }

  /**
   * Checks a block that is not stored yet: its header by Clique, its body against the header, and
   * its execution on the parent state. Writes nothing but content-addressed state nodes.
   *
   * @throws BlockImportException with the reason when any check fails
   */
  public Verified verify(final Block block) {
    return verify(
        block,
        () ->
            executor.execute(
                block,
                Objects.requireNonNull(store.header(block.header().parentHash())),
                Clique.signer(block.header())));
  }

  /**
   * Checks a block this node built and sealed itself: its header by Clique and its body against the
   * header, as {@link #verify(Block)} does, but without executing it again. Its builder executed it
   * on the parent's state with the same EVM, stored the resulting state nodes and put their root,
   * the receipts root and the gas used into the header; a second execution could only repeat that
   * result, and costs as much as the first.
   *
   * @throws BlockImportException with the reason when any check fails
   */
  public Verified verifyBuilt(final Block block, final List<Receipt> receipts) {
    final Verified verified = verify(block, () -> receipts);
    return new Verified(
        block, verified.totalDifficulty(), verified.snapshot(), receipts, Duration.ZERO);
  }

  private Verified verify(final Block block, final Supplier<List<Receipt>> execution) {
    final BlockHeader header = block.header();
    if (header.number() == 0) {
      throw reject(
          block,
          BlockImportException.Rule.GENESIS_MISMATCH,
          "genesis mismatch: the data directory holds another genesis");
    }
    final Snapshot after;
    try {
      after = validator.validate(header, clockSeconds.getAsLong());
    } catch (CliqueException e) {
      throw new BlockImportException(
          block.number(),
          block.hash(),
          e.error(),
          Objects.requireNonNullElse(e.getMessage(), e.error().message()));
    }
    checkBody(block);
    final UInt256 parentTd = store.totalDifficulty(header.parentHash());
    if (parentTd == null) {
      throw reject(block, BlockImportException.Rule.UNKNOWN_ANCESTOR, "unknown ancestor");
    }
    final List<Receipt> receipts;
    final long start = System.nanoTime();
    try {
      receipts = execution.get();
    } catch (RuntimeException e) {
      throw reject(
          block,
          BlockImportException.Rule.EXECUTION,
          Objects.requireNonNullElse(e.getMessage(), e.toString()));
    }
    return new Verified(
        block,
        parentTd.add(header.difficulty()),
        after,
        receipts,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * What {@link #commit} would do with a verified block on the store as it is now: a caller that
   * must answer before it commits (the Chain actor persists first) learns the outcome here.
   */
  public Outcome outcomeOf(final Verified verified) {
    final Block block = verified.block();
    if (store.contains(block.hash())) {
      return Outcome.ALREADY_KNOWN;
    }
    final Hash head = Objects.requireNonNull(store.head(), "initialize() stores the genesis first");
    return ForkChoice.isBetter(rank(block.header(), verified.totalDifficulty()), rank(head))
        ? Outcome.NEW_HEAD
        : Outcome.SIDE_CHAIN;
  }

  /**
   * Stores a verified block, as the new head when fork choice prefers it. A block from the node's
   * journal names its {@code journalPosition}, which the store records in the same write: a crash
   * cannot leave the block stored and its position behind.
   */
  public Outcome commit(final Verified verified, final OptionalLong journalPosition) {
    final Outcome outcome = outcomeOf(verified);
    final Block block = verified.block();
    switch (outcome) {
      case NEW_HEAD -> {
        store.putAsHead(block, verified.totalDifficulty(), verified.receipts(), journalPosition);
        snapshots.remember(verified.snapshot());
      }
      case SIDE_CHAIN ->
          store.put(block, verified.totalDifficulty(), verified.receipts(), journalPosition);
      case ALREADY_KNOWN -> journalPosition.ifPresent(store::putJournalPosition);
    }
    return outcome;
  }

  private void checkBody(final Block block) {
    if (!block.ommers().isEmpty()) {
      throw reject(block, BlockImportException.Rule.BODY, "uncles not allowed");
    }
    final Hash transactionsRoot = Block.transactionsRoot(block.transactions());
    if (!transactionsRoot.equals(block.header().transactionsRoot())) {
      throw reject(
          block,
          BlockImportException.Rule.BODY,
          "transaction root hash mismatch (header value "
              + block.header().transactionsRoot()
              + ", calculated "
              + transactionsRoot
              + ")");
    }
  }

  private ForkChoice.Head rank(final Hash hash) {
    final BlockHeader header = Objects.requireNonNull(store.header(hash));
    return rank(header, Objects.requireNonNull(store.totalDifficulty(hash)));
  }

  private ForkChoice.Head rank(final BlockHeader header, final UInt256 td) {
    if (header.number() == 0) {
      return new ForkChoice.Head(header.hash(), 0, td, 0, 1);
    }
    final Snapshot parent = snapshots.at(header.parentHash());
    return new ForkChoice.Head(
        header.hash(),
        header.number(),
        td,
        parent.indexOf(Clique.signer(header)),
        parent.signers().size());
  }

  /** The snapshot after a stored block. */
  public Snapshot snapshotAt(final Hash hash) {
    return snapshots.at(hash);
  }

  private static BlockImportException reject(
      final Block block, final BlockImportException.Rule rule, final String detail) {
    return new BlockImportException(block.number(), block.hash(), rule, detail);
  }
}
