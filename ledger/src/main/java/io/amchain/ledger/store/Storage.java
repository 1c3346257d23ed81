package io.amchain.ledger.store;

import io.amchain.ledger.db.RocksDatabase;
import io.amchain.ledger.state.RocksDbNodeStore;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The RocksDB stores of a data directory's {@code state/} folder, opened and closed together:
 *
 * <ul>
 *   <li>{@code state/chain}, the chain database: its default family holds the {@link ChainStore}
 *       (blocks, receipts, indexes, head, journal position), its {@value PoolStore#FAMILY} family
 *       the {@link PoolStore};
 *   <li>{@code state/trie}, the state database: its default family holds the world state's trie
 *       nodes and code ({@link RocksDbNodeStore}).
 * </ul>
 *
 * <p>This is the layout every earlier data directory has, plus the pool family: a chain database
 * written before it existed kept its pooled transactions in the default family under the byte
 * {@code 'p'}, and opening moves them to the pool family in one atomic write, so a devnet started
 * by an earlier release opens with its blocks and its pool. Trie nodes and chain data stay in their
 * two databases rather than becoming families of one: merging them would copy every trie node of an
 * existing chain at the first start, and nothing needs them in one write (state nodes are
 * content-addressed and committed before the block that names their root). {@code
 * docs/decisions.md} records the choice.
 */
public final class Storage implements AutoCloseable {
  /** Where the pooled transactions were before the pool family: the chain store's {@code 'p'}. */
  private static final byte[] POOLED_IN_CHAIN_FAMILY = {'p'};

  private final RocksDatabase chainDatabase;
  private final RocksDatabase stateDatabase;
  private final ChainStore chainStore;
  private final PoolStore poolStore;
  private final RocksDbNodeStore stateStore;

  private Storage(final RocksDatabase chainDatabase, final RocksDatabase stateDatabase) {
    this.chainDatabase = chainDatabase;
    this.stateDatabase = stateDatabase;
    this.chainStore = new ChainStore(chainDatabase, chainDatabase.defaultFamily());
    this.poolStore = new PoolStore(chainDatabase, chainDatabase.family(PoolStore.FAMILY));
    this.stateStore = new RocksDbNodeStore(stateDatabase, stateDatabase.defaultFamily());
  }

  /** Opens (creating if needed) the stores in a data directory's {@code state/} folder. */
  public static Storage open(final Path stateDirectory) {
    final RocksDatabase chain =
        RocksDatabase.open(stateDirectory.resolve("chain"), PoolStore.FAMILY);
    final RocksDatabase state;
    try {
      movePooledTransactions(chain);
      state = RocksDatabase.open(stateDirectory.resolve("trie"));
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
    return new Storage(chain, state);
  }

  /** Moves the pooled transactions an earlier release kept in the chain family to their own. */
  private static void movePooledTransactions(final RocksDatabase chain) {
    final RocksDatabase.Family from = chain.defaultFamily();
    final RocksDatabase.Family to = chain.family(PoolStore.FAMILY);
    chain.write(
        batch ->
            chain.forEach(
                from,
                POOLED_IN_CHAIN_FAMILY,
                (key, encoded) -> {
                  batch.put(to, Arrays.copyOfRange(key, 1, key.length), encoded);
                  batch.delete(from, key);
                }));
  }

  public ChainStore chainStore() {
    return chainStore;
  }

  public PoolStore poolStore() {
    return poolStore;
  }

  /** The world state's trie nodes and code. */
  public RocksDbNodeStore stateStore() {
    return stateStore;
  }

  @Override
  public void close() {
    chainDatabase.close();
    stateDatabase.close();
  }
}
