package io.amchain.ledger.state;

import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * How every RocksDB database of a node is closed: its memtables flushed to table files first, so
 * that the next open finds nothing to replay from the write-ahead log (RocksDB's close does not
 * flush while the log is on, and replaying a large log slows a restart), then closed with its
 * errors reported instead of dropped. Closing also releases the directory's {@code LOCK} file.
 */
public final class RocksDbClosing {
  private RocksDbClosing() {}

  /**
   * Flushes and closes {@code db} (once; again does nothing); a failure is a {@link
   * StorageException} naming the store.
   */
  public static void flushAndClose(final RocksDB db, final String store) {
    if (!db.isOwningHandle()) {
      return; // closed already: a flush would reach a freed native handle
    }
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush);
      db.closeE();
    } catch (RocksDBException e) {
      throw new StorageException("cannot close the " + store + ": " + e.getMessage(), e);
    }
  }
}
