package io.amchain.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.db.RocksDatabase;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.trie.InMemoryNodeStore;
import io.amchain.ledger.trie.MerklePatriciaTrie;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrieWorldStateTest {
  private static final Address ALICE =
      Address.fromHex("0x00000000000000000000000000000000000a11ce");
  private static final Address BOB = Address.fromHex("0x0000000000000000000000000000000000000b0b");
  private static final UInt256 SLOT = UInt256.of(7);

  @Test
  void emptyStateHasTheEmptyRootAndMissingAccountsReadAsEmpty() {
    final TrieWorldState state = TrieWorldState.empty(new InMemoryNodeStore());
    assertEquals(MerklePatriciaTrie.EMPTY_ROOT, state.rootHash());
    assertFalse(state.exists(ALICE));
    assertTrue(state.isEmpty(ALICE));
    assertEquals(Hash.ZERO, state.getCodeHash(ALICE));
    assertEquals(UInt256.ZERO, state.getBalance(ALICE));
    assertEquals(Bytes.EMPTY, state.getCode(ALICE));
  }

  @Test
  void rootMatchesATrieBuiltByHand() {
    final TrieWorldState state = TrieWorldState.empty(new InMemoryNodeStore());
    state.addBalance(ALICE, UInt256.of(1_000));
    state.setNonce(ALICE, 3);
    state.setStorage(BOB, SLOT, UInt256.of(42));

    final MerklePatriciaTrie storage = MerklePatriciaTrie.secure(new InMemoryNodeStore());
    storage.put(SLOT.toBytes32(), Rlp.encode(RlpItem.of(UInt256.of(42))));
    final MerklePatriciaTrie accounts = MerklePatriciaTrie.secure(new InMemoryNodeStore());
    accounts.put(
        ALICE.bytes(),
        new Account(3, UInt256.of(1_000), MerklePatriciaTrie.EMPTY_ROOT, Keccak.EMPTY).encoded());
    accounts.put(
        BOB.bytes(), new Account(0, UInt256.ZERO, storage.rootHash(), Keccak.EMPTY).encoded());
    assertEquals(accounts.rootHash(), state.rootHash());
    assertEquals(accounts.rootHash(), state.commit());
  }

  @Test
  void revertUndoesNestedChangesInOrder() {
    final TrieWorldState state = TrieWorldState.empty(new InMemoryNodeStore());
    state.addBalance(ALICE, UInt256.of(10));
    final Hash before = state.rootHash();
    final int outer = state.snapshot();
    state.subtractBalance(ALICE, UInt256.of(4));
    state.setCode(BOB, Bytes.fromHex("0x6001"));
    final int inner = state.snapshot();
    state.createAccount(ALICE);
    state.setStorage(ALICE, SLOT, UInt256.ONE);
    state.deleteAccount(BOB);
    state.revertTo(inner);
    assertEquals(UInt256.of(6), state.getBalance(ALICE));
    assertEquals(UInt256.ZERO, state.getStorage(ALICE, SLOT));
    assertEquals(Bytes.fromHex("0x6001"), state.getCode(BOB));
    state.revertTo(outer);
    assertEquals(UInt256.of(10), state.getBalance(ALICE));
    assertFalse(state.exists(BOB));
    assertEquals(before, state.rootHash());
  }

  @Test
  void committedStorageIsTheValueAtTransactionStart() {
    final TrieWorldState state = TrieWorldState.empty(new InMemoryNodeStore());
    state.setStorage(ALICE, SLOT, UInt256.of(1));
    state.finishTransaction();
    state.setStorage(ALICE, SLOT, UInt256.of(2));
    assertEquals(UInt256.of(2), state.getStorage(ALICE, SLOT));
    assertEquals(UInt256.of(1), state.getCommittedStorage(ALICE, SLOT));
    state.finishTransaction();
    assertEquals(UInt256.of(2), state.getCommittedStorage(ALICE, SLOT));
  }

  @Test
  void createKeepsBalanceButClearsEverythingElse() {
    final TrieWorldState state = TrieWorldState.empty(new InMemoryNodeStore());
    state.addBalance(ALICE, UInt256.of(5));
    state.setNonce(ALICE, 9);
    state.setStorage(ALICE, SLOT, UInt256.of(3));
    state.commit();
    state.createAccount(ALICE);
    assertEquals(UInt256.of(5), state.getBalance(ALICE));
    assertEquals(0, state.getNonce(ALICE));
    assertEquals(UInt256.ZERO, state.getStorage(ALICE, SLOT));
    assertEquals(UInt256.ZERO, state.getCommittedStorage(ALICE, SLOT));
  }

  @Test
  void deleteRemovesTheAccountFromTheRoot() {
    final TrieWorldState state = TrieWorldState.empty(new InMemoryNodeStore());
    state.addBalance(ALICE, UInt256.of(5));
    final Hash aliceOnly = state.rootHash();
    state.addBalance(BOB, UInt256.of(5));
    state.setStorage(BOB, SLOT, UInt256.ONE);
    assertNotEquals(aliceOnly, state.rootHash());
    state.deleteAccount(BOB);
    assertEquals(aliceOnly, state.rootHash());
  }

  @Test
  void zeroValueAccountStillExistsUntilDeleted() {
    final TrieWorldState state = TrieWorldState.empty(new InMemoryNodeStore());
    state.addBalance(ALICE, UInt256.ZERO);
    assertTrue(state.exists(ALICE));
    assertTrue(state.isEmpty(ALICE));
    assertNotEquals(MerklePatriciaTrie.EMPTY_ROOT, state.rootHash());
  }

  @Test
  void persistsInRocksDbAndServesOldRootsReadOnly(@TempDir final Path dir) {
    final Hash first;
    final Hash second;
    try (RocksDatabase database = RocksDatabase.open(dir)) {
      final RocksDbNodeStore store = new RocksDbNodeStore(database, database.defaultFamily());
      final TrieWorldState state = TrieWorldState.empty(store);
      state.addBalance(ALICE, UInt256.of(100));
      state.setCode(ALICE, Bytes.fromHex("0x60016002"));
      state.setStorage(ALICE, SLOT, UInt256.of(11));
      first = state.commit();
      state.setStorage(ALICE, SLOT, UInt256.of(12));
      state.addBalance(BOB, UInt256.of(1));
      second = state.commit();
    }
    try (RocksDatabase database = RocksDatabase.open(dir)) {
      final RocksDbNodeStore store = new RocksDbNodeStore(database, database.defaultFamily());
      final TrieWorldState old = TrieWorldState.readOnly(store, first);
      assertEquals(UInt256.of(11), old.getStorage(ALICE, SLOT));
      assertFalse(old.exists(BOB));
      assertEquals(Bytes.fromHex("0x60016002"), old.getCode(ALICE));
      assertThrows(UnsupportedOperationException.class, () -> old.addBalance(BOB, UInt256.ONE));
      final TrieWorldState latest = TrieWorldState.at(store, second);
      assertEquals(UInt256.of(12), latest.getStorage(ALICE, SLOT));
      assertEquals(UInt256.ONE, latest.getBalance(BOB));
      assertEquals(second, latest.rootHash());
    }
  }
}
