package io.amchain.ledger.db;

import java.nio.file.Path;
import org.rocksdb.RocksDBException;

/** The disk store failed: the node cannot go on safely. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(final String message, final Throwable cause) {
    super(message, cause);
  }

  /** A store that would not open; a held lock means another process has the data directory. */
  public static StorageException opening(final Path directory, final RocksDBException cause) {
    final String reason = String.valueOf(cause.getMessage());
    return new StorageException(
        reason.contains("lock")
            ? directory + " is in use by another process (is a node already running on it?)"
            : "cannot open RocksDB at " + directory + ": " + reason,
        cause);
  }
}
