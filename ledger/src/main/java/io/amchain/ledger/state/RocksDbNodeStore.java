package io.amchain.ledger.state;

import io.amchain.ledger.db.RocksDatabase;
import io.amchain.ledger.trie.NodeStore;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import org.jspecify.annotations.Nullable;

/**
 * Trie nodes and contract code in a RocksDB family, both keyed by the Keccak hash of their content
 * (so the two can share one key space: equal keys mean equal bytes).
 *
 * <p>Safe for concurrent use: a node commits state from several threads at once (block import,
 * block building, simulated calls), so each thread's {@link #inBatch} collects its own writes.
 */
public final class RocksDbNodeStore implements NodeStore {
  private final RocksDatabase db;
  private final RocksDatabase.Family family;

  /**
   * The batch {@link #inBatch} has open on the calling thread, if any. Per instance, not static
   * (ErrorProne's usual advice): a batch belongs to one store's database.
   */
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<RocksDatabase.@Nullable Batch> batch = new ThreadLocal<>();

  /** The store on a family of an open database (which its opener closes). */
  public RocksDbNodeStore(final RocksDatabase db, final RocksDatabase.Family family) {
    this.db = db;
    this.family = family;
  }

  @Override
  public @Nullable Bytes get(final Hash hash) {
    final byte[] value = db.get(family, hash.toArray());
    return value == null ? null : Bytes.wrap(value);
  }

  @Override
  public void put(final Hash hash, final Bytes node) {
    final RocksDatabase.Batch open = batch.get();
    if (open != null) {
      open.put(family, hash.toArray(), node.toArray());
    } else {
      db.put(family, hash.toArray(), node.toArray());
    }
  }

  /**
   * Runs the writes of {@code work} as one atomic batch: a commit lands whole or not at all, so a
   * crash never leaves a root whose nodes are half written.
   */
  public void inBatch(final Runnable work) {
    db.write(
        open -> {
          batch.set(open);
          try {
            work.run();
          } finally {
            batch.remove();
          }
        });
  }
}
