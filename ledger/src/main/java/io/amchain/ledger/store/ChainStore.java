package io.amchain.ledger.store;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.db.RocksDatabase;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Blocks and the canonical chain in RocksDB: blocks by hash (their RLP), total difficulty and
 * receipts by hash, the canonical number-to-hash index, the transaction lookup index of the
 * canonical chain and the head. A block, its receipts and the head move that makes it canonical are
 * written in one atomic batch, together with the journal position they bring the store to, so a
 * crash leaves the previous head intact.
 *
 * <p>{@code amchain import} writes it directly; a node's Chain actor keeps it as an index derived
 * from its journal. Its keys live in the default family of the chain database ({@link Storage}),
 * where they have been since the first release; each kind of key starts with its own byte.
 */
public final class ChainStore {
  private static final byte BLOCK = 'b';
  private static final byte TOTAL_DIFFICULTY = 't';
  private static final byte CANONICAL = 'n';
  private static final byte RECEIPTS = 'r';
  private static final byte TX_LOOKUP = 'l';
  // 'p' is taken: pooled transactions lived under it until they moved to the pool family, and
  // Storage.open moves any it finds there.
  private static final byte[] HEAD = {'h'};
  private static final byte[] JOURNAL_POSITION = {'j'};

  private final RocksDatabase db;
  private final RocksDatabase.Family family;

  /** The store on a family of an open database (which its opener closes). */
  public ChainStore(final RocksDatabase db, final RocksDatabase.Family family) {
    this.db = db;
    this.family = family;
  }

  public @Nullable Block block(final Hash hash) {
    final byte[] rlp = get(key(BLOCK, hash));
    return rlp == null ? null : Block.decode(Bytes.wrap(rlp));
  }

  /** A stored block's header, decoded without its body (the hot path of head and parent reads). */
  public @Nullable BlockHeader header(final Hash hash) {
    final byte[] rlp = get(key(BLOCK, hash));
    return rlp == null ? null : BlockHeader.decode(Rlp.firstListElement(rlp));
  }

  public boolean contains(final Hash hash) {
    return get(key(BLOCK, hash)) != null;
  }

  public @Nullable UInt256 totalDifficulty(final Hash hash) {
    final byte[] td = get(key(TOTAL_DIFFICULTY, hash));
    return td == null ? null : UInt256.fromBytes(Bytes.wrap(td));
  }

  public @Nullable Hash canonicalHash(final long number) {
    final byte[] hash = get(numberKey(number));
    return hash == null ? null : Hash.wrap(hash);
  }

  public @Nullable Hash head() {
    final byte[] hash = get(HEAD);
    return hash == null ? null : Hash.wrap(hash);
  }

  /** The receipts of a stored, executed block, in transaction order. */
  public @Nullable List<Receipt> receipts(final Hash blockHash) {
    final byte[] rlp = get(key(RECEIPTS, blockHash));
    if (rlp == null) {
      return null;
    }
    final List<Receipt> receipts = new ArrayList<>();
    for (final RlpItem item : Rlp.decode(Bytes.wrap(rlp)).asList().items()) {
      receipts.add(Receipt.decode(item.asString().bytes()));
    }
    return receipts;
  }

  /** Where a transaction of the canonical chain is. */
  public record TransactionLocation(Hash blockHash, long blockNumber, int index) {}

  /**
   * The canonical block holding a transaction, or null. A lookup left behind by a reorg is
   * recognised by its block no longer being canonical.
   */
  public @Nullable TransactionLocation transactionLocation(final Hash transactionHash) {
    final byte[] value = get(key(TX_LOOKUP, transactionHash));
    if (value == null) {
      return null;
    }
    final ByteBuffer buffer = ByteBuffer.wrap(value);
    final byte[] blockHash = new byte[Hash.SIZE];
    buffer.get(blockHash);
    final TransactionLocation location =
        new TransactionLocation(Hash.wrap(blockHash), buffer.getLong(), buffer.getInt());
    return location.blockHash().equals(canonicalHash(location.blockNumber())) ? location : null;
  }

  /**
   * How far into the node's journal this store is built: the sequence number of the last journal
   * event whose block it holds, or 0 when none is recorded (a new store, or one written before the
   * position was kept). A node re-imports the events after it when it starts.
   */
  public long journalPosition() {
    final byte[] position = get(JOURNAL_POSITION);
    return position == null ? 0 : ByteBuffer.wrap(position).getLong();
  }

  /**
   * Records that the store holds every block of the journal up to {@code sequenceNr}, for a
   * journaled block it already held; a block it stores records its position in its own write.
   */
  public void putJournalPosition(final long sequenceNr) {
    db.put(family, JOURNAL_POSITION, position(sequenceNr));
  }

  /**
   * Stores an executed block and its receipts without making it the head, and the journal position
   * it brings the store to, if it came from a journal.
   */
  public void put(
      final Block block,
      final UInt256 totalDifficulty,
      final List<Receipt> receipts,
      final OptionalLong journalPosition) {
    write(block, totalDifficulty, receipts, false, journalPosition);
  }

  /**
   * Stores an executed block and its receipts and makes it the head: the canonical index is
   * rewritten from it back to where it meets the old canonical chain, and cut above it. The journal
   * position it brings the store to, if it came from a journal, is in the same write.
   */
  public void putAsHead(
      final Block block,
      final UInt256 totalDifficulty,
      final List<Receipt> receipts,
      final OptionalLong journalPosition) {
    write(block, totalDifficulty, receipts, true, journalPosition);
  }

  private void write(
      final Block block,
      final UInt256 totalDifficulty,
      final List<Receipt> receipts,
      final boolean head,
      final OptionalLong journalPosition) {
    db.write(
        batch -> {
          final Hash hash = block.hash();
          batch.put(family, key(BLOCK, hash), block.encoded().toArray());
          batch.put(
              family, key(TOTAL_DIFFICULTY, hash), totalDifficulty.toMinimalBytes().toArray());
          if (!receipts.isEmpty() || block.transactions().isEmpty()) {
            final List<RlpItem> items = new ArrayList<>(receipts.size());
            receipts.forEach(receipt -> items.add(RlpItem.of(receipt.encoded())));
            batch.put(family, key(RECEIPTS, hash), Rlp.encode(RlpItem.list(items)).toArray());
          }
          if (head) {
            moveHead(batch, block);
          }
          journalPosition.ifPresent(
              sequenceNr -> batch.put(family, JOURNAL_POSITION, position(sequenceNr)));
        });
  }

  private void moveHead(final RocksDatabase.Batch batch, final Block block) {
    final Hash oldHead = head();
    final long oldNumber = oldHead == null ? -1 : requireHeader(oldHead).number();
    for (long n = block.number() + 1; n <= oldNumber; n++) {
      batch.delete(family, numberKey(n));
    }
    BlockHeader cursor = block.header();
    while (true) {
      final Hash canonical = canonicalHash(cursor.number());
      if (cursor.hash().equals(canonical)) {
        break;
      }
      batch.put(family, numberKey(cursor.number()), cursor.hash().toArray());
      indexTransactions(
          batch, cursor.hash().equals(block.hash()) ? block : requireBlock(cursor.hash()));
      if (cursor.number() == 0) {
        break;
      }
      cursor = requireHeader(cursor.parentHash());
    }
    batch.put(family, HEAD, block.hash().toArray());
  }

  private void indexTransactions(final RocksDatabase.Batch batch, final Block block) {
    for (int i = 0; i < block.transactions().size(); i++) {
      final byte[] location =
          ByteBuffer.allocate(Hash.SIZE + 12)
              .put(block.hash().toArray())
              .putLong(block.number())
              .putInt(i)
              .array();
      batch.put(family, key(TX_LOOKUP, block.transactions().get(i).hash()), location);
    }
  }

  private BlockHeader requireHeader(final Hash hash) {
    final BlockHeader header = header(hash);
    if (header == null) {
      throw new IllegalStateException("chain store is missing block " + hash);
    }
    return header;
  }

  private Block requireBlock(final Hash hash) {
    final Block block = block(hash);
    if (block == null) {
      throw new IllegalStateException("chain store is missing block " + hash);
    }
    return block;
  }

  private byte @Nullable [] get(final byte[] key) {
    return db.get(family, key);
  }

  private static byte[] position(final long sequenceNr) {
    return ByteBuffer.allocate(Long.BYTES).putLong(sequenceNr).array();
  }

  private static byte[] key(final byte prefix, final Hash hash) {
    final byte[] key = new byte[1 + Hash.SIZE];
    key[0] = prefix;
    hash.bytes().copyTo(key, 1);
    return key;
  }

  private static byte[] numberKey(final long number) {
    return ByteBuffer.allocate(9).put(CANONICAL).putLong(number).array();
  }
}
