package io.amchain.ledger.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.db.RocksDatabase;
import io.amchain.ledger.db.StorageException;
import io.amchain.ledger.trie.MerklePatriciaTrie;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** The data directory's stores: their layout, the earlier layout they open, their batches. */
class StorageTest {
  private static final PrivateKey SENDER = PrivateKey.generate();

  private static BlockHeader header(final long number, final Hash parent) {
    return BlockHeader.builder()
        .parentHash(parent)
        .coinbase(Address.ZERO)
        .stateRoot(MerklePatriciaTrie.EMPTY_ROOT)
        .transactionsRoot(MerklePatriciaTrie.EMPTY_ROOT)
        .receiptsRoot(MerklePatriciaTrie.EMPTY_ROOT)
        .difficulty(UInt256.ONE)
        .number(number)
        .gasLimit(30_000_000)
        .timestamp(1_700_000_000L + number)
        .extraData(Bytes.EMPTY)
        .mixHash(Hash.ZERO)
        .nonce(Bytes.wrap(new byte[8]))
        .build();
  }

  private static Transaction transfer(final long nonce) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(1337)
        .nonce(nonce)
        .maxFeePerGas(UInt256.of(2_000_000_000L))
        .maxPriorityFeePerGas(UInt256.ONE)
        .gasLimit(21_000)
        .to(Address.ZERO)
        .value(UInt256.ONE)
        .sign(SENDER);
  }

  private static byte[] key(final char prefix, final Hash hash) {
    return ByteBuffer.allocate(1 + Hash.SIZE).put((byte) prefix).put(hash.toArray()).array();
  }

  /**
   * Writes {@code state/} as the release before the pool family wrote it: two databases with only
   * their default family, the chain's keys each under their own byte, pooled transactions under
   * {@code 'p'} beside them. The bytes are spelled out here rather than written through today's
   * classes, so that the test keeps checking the old layout whatever the classes become.
   */
  private static void writeEarlierLayout(
      final Path state, final Block genesis, final List<Transaction> pooled, final Bytes node)
      throws RocksDBException {
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB chain = RocksDB.open(options, state.resolve("chain").toString());
        RocksDB trie = RocksDB.open(options, state.resolve("trie").toString())) {
      final Hash hash = genesis.hash();
      chain.put(key('b', hash), genesis.encoded().toArray());
      chain.put(key('t', hash), UInt256.ONE.toMinimalBytes().toArray());
      chain.put(key('r', hash), new byte[] {(byte) 0xc0});
      chain.put(ByteBuffer.allocate(9).put((byte) 'n').putLong(0).array(), hash.toArray());
      chain.put(new byte[] {'h'}, hash.toArray());
      chain.put(new byte[] {'j'}, ByteBuffer.allocate(8).putLong(7).array());
      for (final Transaction tx : pooled) {
        chain.put(key('p', tx.hash()), tx.encoded().toArray());
      }
      trie.put(Keccak.hash(node).toArray(), node.toArray());
    }
  }

  @Test
  void opensADataDirectoryOfTheEarlierLayoutAndMovesItsPoolToTheFamily(@TempDir final Path state)
      throws RocksDBException {
    final Block genesis = new Block(header(0, Hash.ZERO), List.of(), List.of());
    final List<Transaction> pooled = List.of(transfer(0), transfer(1));
    final Bytes node = Bytes.fromHex("0xc20102");
    writeEarlierLayout(state, genesis, pooled, node);

    try (Storage storage = Storage.open(state)) {
      final ChainStore chain = storage.chainStore();
      assertEquals(genesis.hash(), chain.head());
      assertEquals(genesis, chain.block(genesis.hash()));
      assertEquals(genesis.hash(), chain.canonicalHash(0));
      assertEquals(UInt256.ONE, chain.totalDifficulty(genesis.hash()));
      assertEquals(List.of(), chain.receipts(genesis.hash()));
      assertEquals(7, chain.journalPosition());
      assertEquals(hashes(pooled), hashes(storage.poolStore().transactions()));
      assertEquals(node, storage.stateStore().get(Keccak.hash(node)));
    }
    try (RocksDatabase chain = RocksDatabase.open(state.resolve("chain"), PoolStore.FAMILY)) {
      final List<byte[]> left = new ArrayList<>();
      chain.forEach(chain.defaultFamily(), new byte[] {'p'}, (key, value) -> left.add(key));
      assertEquals(0, left.size(), "the chain family no longer holds pooled transactions");
    }
    try (Storage reopened = Storage.open(state)) {
      assertEquals(hashes(pooled), hashes(reopened.poolStore().transactions()));
      reopened.poolStore().remove(List.of(pooled.get(0).hash()));
      assertEquals(List.of(pooled.get(1).hash()), hashes(reopened.poolStore().transactions()));
    }
  }

  @Test
  void aStoredBlockCarriesItsJournalPositionInTheSameWrite(@TempDir final Path state) {
    final Block genesis = new Block(header(0, Hash.ZERO), List.of(), List.of());
    final Block first = new Block(header(1, genesis.hash()), List.of(), List.of());
    final Block side =
        new Block(header(1, genesis.hash()).toBuilder().timestamp(1).build(), List.of(), List.of());
    try (Storage storage = Storage.open(state)) {
      final ChainStore chain = storage.chainStore();
      chain.putAsHead(genesis, UInt256.ONE, List.of(), OptionalLong.empty());
      assertEquals(0, chain.journalPosition(), "no journal, no position");
      chain.putAsHead(first, UInt256.of(2), List.of(), OptionalLong.of(1));
      assertEquals(first.hash(), chain.head());
      assertEquals(1, chain.journalPosition());
      chain.put(side, UInt256.of(2), List.of(), OptionalLong.of(2));
      assertEquals(first.hash(), chain.head(), "a side block leaves the head");
      assertNotNull(chain.block(side.hash()));
      assertEquals(2, chain.journalPosition());
      chain.putJournalPosition(3);
      assertEquals(3, chain.journalPosition());
    }
  }

  @Test
  void aDatabaseInUseIsRefusedWithAMessageThatSaysSo(@TempDir final Path state) {
    try (Storage storage = Storage.open(state)) {
      final StorageException refused =
          assertThrows(StorageException.class, () -> Storage.open(state));
      assertEquals(
          state.resolve("chain")
              + " is in use by another process (is a node already running on it?)",
          refused.getMessage());
      assertNotNull(storage.chainStore());
    }
  }

  private static List<Hash> hashes(final List<Transaction> transactions) {
    return transactions.stream().map(Transaction::hash).sorted().toList();
  }
}
