package io.amchain.ledger.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One RocksDB database and its column families: the one way the node's stores open, read, write,
 * write atomically, iterate and close RocksDB. Every store is a typed view on a {@link Family} of
 * one of these; the database, not the store, is what is closed.
 *
 * <p>Safe for concurrent use, as RocksDB is: readers and writers on any thread, each {@link #write}
 * building its own batch.
 *
 * <p>Keys and values are byte arrays here, unlike the rest of the ledger's public signatures: this
 * is the boundary where the stores' typed values become RocksDB's bytes, and the stores read whole
 * blocks and trie nodes on hot paths where a copy into {@code Bytes} and back would cost more than
 * the read.
 */
public final class RocksDatabase implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  /** A column family of an open database; only the database that opened it can use it. */
  public static final class Family {
    private final String name;
    private final ColumnFamilyHandle handle;

    private Family(final String name, final ColumnFamilyHandle handle) {
      this.name = name;
      this.handle = handle;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The writes of one {@link #write}: they land together or not at all. */
  public static final class Batch {
    private final WriteBatch batch;

    private Batch(final WriteBatch batch) {
      this.batch = batch;
    }

    public void put(final Family family, final byte[] key, final byte[] value) {
      try {
        batch.put(family.handle, key, value);
      } catch (RocksDBException e) {
        throw new StorageException("RocksDB batch put failed: " + e.getMessage(), e);
      }
    }

    public void delete(final Family family, final byte[] key) {
      try {
        batch.delete(family.handle, key);
      } catch (RocksDBException e) {
        throw new StorageException("RocksDB batch delete failed: " + e.getMessage(), e);
      }
    }
  }

  /** RocksDB's own name for the family every database has. */
  private static final String DEFAULT_FAMILY =
      new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8);

  private final RocksDB db;
  private final DBOptions options;
  private final ColumnFamilyOptions familyOptions;
  private final WriteOptions writeOptions = new WriteOptions();
  private final Map<String, Family> families;

  private RocksDatabase(
      final RocksDB db,
      final DBOptions options,
      final ColumnFamilyOptions familyOptions,
      final Map<String, Family> families) {
    this.db = db;
    this.options = options;
    this.familyOptions = familyOptions;
    this.families = families;
  }

  /**
   * Opens (creating if needed) the database in a directory with the default family and {@code
   * extraFamilies}, creating those it lacks. A database written before a family was added opens
   * with the family empty; its default family keeps what it held.
   */
  public static RocksDatabase open(final Path directory, final String... extraFamilies) {
    final List<String> names = new ArrayList<>();
    names.add(DEFAULT_FAMILY);
    names.addAll(List.of(extraFamilies));
    final DBOptions options =
        new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    final ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
    final List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (final String name : names) {
      descriptors.add(
          new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions));
    }
    final List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      final RocksDB db = RocksDB.open(options, directory.toString(), descriptors, handles);
      final Map<String, Family> families = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        families.put(names.get(i), new Family(names.get(i), handles.get(i)));
      }
      return new RocksDatabase(db, options, familyOptions, families);
    } catch (IOException e) {
      familyOptions.close();
      options.close();
      throw new UncheckedIOException(e);
    } catch (RocksDBException e) {
      familyOptions.close();
      options.close();
      throw StorageException.opening(directory, e);
    }
  }

  /** The family every database has, where keys go unless a store names another. */
  public Family defaultFamily() {
    return family(DEFAULT_FAMILY);
  }

  /** A family this database was opened with. */
  public Family family(final String name) {
    final Family family = families.get(name);
    if (family == null) {
      throw new IllegalArgumentException(
          "column family " + name + " was not opened (opened: " + families.keySet() + ")");
    }
    return family;
  }

  public byte @Nullable [] get(final Family family, final byte[] key) {
    try {
      return db.get(family.handle, key);
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB read failed: " + e.getMessage(), e);
    }
  }

  public void put(final Family family, final byte[] key, final byte[] value) {
    try {
      db.put(family.handle, writeOptions, key, value);
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB write failed: " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code work}, which may read, and writes what it put into its batch as one atomic write
   * (across families), through the write-ahead log before this returns. Nothing is written when
   * {@code work} throws or puts nothing.
   */
  public void write(final Consumer<Batch> work) {
    try (WriteBatch batch = new WriteBatch()) {
      work.accept(new Batch(batch));
      // An empty batch would still be a record in the write-ahead log (a block that changes no
      // state commits no trie node): one the memtable never holds, so no flush retires it.
      if (batch.count() > 0) {
        db.write(writeOptions, batch);
      }
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB batch write failed: " + e.getMessage(), e);
    }
  }

  /** Visits every entry of a family whose key starts with {@code prefix}, in key order. */
  public void forEach(
      final Family family, final byte[] prefix, final BiConsumer<byte[], byte[]> visitor) {
    try (RocksIterator it = db.newIterator(family.handle)) {
      for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        visitor.accept(it.key(), it.value());
      }
    }
  }

  private static boolean startsWith(final byte[] key, final byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Flushes every family's memtable to table files, then closes the database (once; again does
   * nothing). RocksDB's own close does not flush while the write-ahead log is on, so without this
   * the next open would replay the log; flushing all families, not only the default one, leaves a
   * log with nothing to replay, which is what a graceful shutdown promises (docs/operations.md).
   * Errors are a {@link StorageException} instead of dropped. Closing releases the {@code LOCK}.
   */
  @Override
  public void close() {
    if (!db.isOwningHandle()) {
      return; // closed already: a flush would reach a freed native handle
    }
    final List<ColumnFamilyHandle> handles = new ArrayList<>();
    for (final Family family : families.values()) {
      handles.add(family.handle);
    }
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
      for (final ColumnFamilyHandle handle : handles) {
        handle.close();
      }
      db.closeE();
    } catch (RocksDBException e) {
      throw new StorageException("cannot close the RocksDB database: " + e.getMessage(), e);
    } finally {
      writeOptions.close();
      familyOptions.close();
      options.close();
    }
  }
}
