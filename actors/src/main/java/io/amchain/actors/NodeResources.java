package io.amchain.actors;

import io.amchain.consensus.chain.ChainImporter;
import io.amchain.consensus.clique.ChainRules;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.consensus.clique.Snapshots;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.store.PoolStore;
import io.amchain.ledger.store.Storage;
import io.amchain.ledger.trie.NodeStore;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.vm.BlockProcessor;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The stores a node runs on, opened by whoever owns the process (the CLI) and shared by its actors:
 * the chain store (blocks, receipts, indexes), the pool store (accepted transactions) and the
 * world-state node store, all RocksDB ({@link Storage}) and safe to use from any thread. Only the
 * Chain actor writes blocks, only the Mempool writes the pool store.
 *
 * <p>It also holds the node's one cache of Clique snapshots: the Chain actor's importer fills it
 * with the snapshot of every head it stores (and publishes that snapshot with the head), and the
 * signer, the MINER-set follower and the JSON-RPC API read it. It is derived from the chain store
 * alone and safe to use from any thread.
 */
public final class NodeResources {
  private final Genesis genesis;
  private final ChainStore chainStore;
  private final PoolStore poolStore;
  private final NodeStore state;
  private final Snapshots snapshots;

  /** The node's resources on opened stores (whose opener closes them). */
  public NodeResources(final Genesis genesis, final Storage storage) {
    this.genesis = genesis;
    this.chainStore = storage.chainStore();
    this.poolStore = storage.poolStore();
    this.state = storage.stateStore();
    this.snapshots = new Snapshots(ChainRules.of(genesis).epoch(), chainStore::header);
  }

  public Genesis genesis() {
    return genesis;
  }

  public ChainStore chainStore() {
    return chainStore;
  }

  public PoolStore poolStore() {
    return poolStore;
  }

  public NodeStore state() {
    return state;
  }

  /** The node's Clique snapshots, by block hash. */
  public Snapshots snapshots() {
    return snapshots;
  }

  /** The Clique snapshot after a stored block. */
  public Snapshot snapshotAt(final Hash blockHash) {
    return snapshots.at(blockHash);
  }

  public long chainId() {
    return genesis.chainId();
  }

  public ChainRules rules() {
    return ChainRules.of(genesis);
  }

  /**
   * An importer that verifies with Clique and executes every body with the EVM, on the node's
   * snapshot cache.
   */
  public ChainImporter importer(final LongSupplier clockSeconds) {
    return importer(clockSeconds, this::execute);
  }

  /** An importer that verifies with Clique and executes bodies with {@code executor}. */
  public ChainImporter importer(
      final LongSupplier clockSeconds, final ChainImporter.BodyExecutor executor) {
    return new ChainImporter(chainStore, rules(), snapshots, clockSeconds, executor);
  }

  /** The world state after a block, for reading or for building on (never shared). */
  public WorldState stateAt(final BlockHeader header) {
    return TrieWorldState.at(state, header.stateRoot());
  }

  /** The current head's header. */
  public BlockHeader headHeader() {
    final Hash head = Objects.requireNonNull(chainStore.head(), "the chain store has no genesis");
    return Objects.requireNonNull(chainStore.header(head));
  }

  /** The canonical block hash at a height, or zero above the head (the BLOCKHASH source). */
  public Hash canonicalHash(final long number) {
    final Hash hash = chainStore.canonicalHash(number);
    return hash == null ? Hash.ZERO : hash;
  }

  /**
   * Executes a block's body on its parent's state with the EVM and returns the receipts (the
   * importer's {@link ChainImporter.BodyExecutor}).
   */
  public List<Receipt> execute(final Block block, final BlockHeader parent, final Address author) {
    return BlockProcessor.process(
            stateAt(parent), block, author, chainId(), genesis.forks(), this::canonicalHash)
        .receipts();
  }
}
