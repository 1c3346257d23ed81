package io.amchain.ledger.store;

import io.amchain.ledger.db.RocksDatabase;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The transactions a node has accepted into its pool, kept so that they survive a crash: each by
 * its hash, as its canonical encoding, in a family of its own (the pool's rules are {@code
 * io.amchain.ledger.pool.TxPool}; this only keeps what they accepted). Safe for concurrent use.
 */
public final class PoolStore {
  /** The family of the chain database that holds the pooled transactions. */
  public static final String FAMILY = "pool";

  private static final byte[] EVERY_KEY = {};

  private final RocksDatabase db;
  private final RocksDatabase.Family family;

  /** The store on a family of an open database (which its opener closes). */
  public PoolStore(final RocksDatabase db, final RocksDatabase.Family family) {
    this.db = db;
    this.family = family;
  }

  /**
   * Keeps an accepted transaction. The write goes through RocksDB's write-ahead log before this
   * returns, so a killed process keeps it.
   */
  public void put(final Transaction transaction) {
    db.put(family, transaction.hash().toArray(), transaction.encoded().toArray());
  }

  /** Forgets transactions (included in a block, replaced or dropped), in one write. */
  public void remove(final Iterable<Hash> hashes) {
    db.write(
        batch -> {
          for (final Hash hash : hashes) {
            batch.delete(family, hash.toArray());
          }
        });
  }

  /** Every kept transaction, for reloading the pool at start-up. */
  public List<Transaction> transactions() {
    final List<Transaction> transactions = new ArrayList<>();
    db.forEach(
        family,
        EVERY_KEY,
        (hash, encoded) -> transactions.add(Transaction.decode(Bytes.wrap(encoded))));
    return transactions;
  }
}
