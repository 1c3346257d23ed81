package io.amchain.ledger.state;

import io.amchain.ledger.trie.NodeStore;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Trie nodes and contract code in RocksDB, both keyed by the Keccak hash of their content (so the
 * two can share one key space: equal keys mean equal bytes).
 *
 * <p>Safe for concurrent use: a node commits state from several threads at once (block import,
 * block building, simulated calls), so each thread's {@link #inBatch} collects its own writes.
 */
public final class RocksDbNodeStore implements NodeStore, AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final Options options;
  private final WriteOptions writeOptions = new WriteOptions();

  /**
   * The batch {@link #inBatch} has open on the calling thread, if any. Per instance, not static
   * (ErrorProne's usual advice): a batch belongs to one store's database.
   */
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<@Nullable WriteBatch> batch = new ThreadLocal<>();

  private RocksDbNodeStore(final RocksDB db, final Options options) {
    this.db = db;
    this.options = options;
  }

  /** Opens (creating if needed) the store in a directory. */
  public static RocksDbNodeStore open(final Path directory) {
    try {
      Files.createDirectories(directory);
      final Options options = new Options().setCreateIfMissing(true);
      return new RocksDbNodeStore(RocksDB.open(options, directory.toString()), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RocksDBException e) {
      throw StorageException.opening(directory, e);
    }
  }

  @Override
  public @Nullable Bytes get(final Hash hash) {
    try {
      final byte[] value = db.get(hash.toArray());
      return value == null ? null : Bytes.wrap(value);
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void put(final Hash hash, final Bytes node) {
    try {
      final WriteBatch open = batch.get();
      if (open != null) {
        open.put(hash.toArray(), node.toArray());
      } else {
        db.put(writeOptions, hash.toArray(), node.toArray());
      }
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB write failed: " + e.getMessage(), e);
    }
  }

  /**
   * Runs the writes of {@code work} as one atomic batch: a commit lands whole or not at all, so a
   * crash never leaves a root whose nodes are half written.
   */
  public void inBatch(final Runnable work) {
    try (WriteBatch open = new WriteBatch()) {
      batch.set(open);
      work.run();
      db.write(writeOptions, open);
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB batch write failed: " + e.getMessage(), e);
    } finally {
      batch.remove();
    }
  }

  @Override
  public void close() {
    writeOptions.close();
    try {
      RocksDbClosing.flushAndClose(db, "state store");
    } finally {
      options.close();
    }
  }
}
