package io.amchain.ledger.state;

import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.trie.MerklePatriciaTrie;
import io.amchain.ledger.trie.NodeStore;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The world state over a secure account trie in a {@link NodeStore}.
 *
 * <p>Reads go through an in-memory cache of accounts; writes touch only that cache, and each write
 * pushes an undo step onto a journal, so {@link #revertTo} is as cheap as the work it undoes. The
 * tries are updated only when a root is asked for, once per account however many writes it had.
 * Storage is layered per account: the trie at the last commit, the writes of finished transactions,
 * and the writes of the current one (whose lower layers give EIP-2200's original values).
 *
 * <p>Not thread-safe: one transaction executor owns it at a time.
 */
public final class TrieWorldState implements WorldState {
  private final NodeStore store;
  private final boolean readOnly;
  private MerklePatriciaTrie accounts;
  private final Map<Address, CachedAccount> cache = new HashMap<>();
  private final Map<Hash, Bytes> newCode = new HashMap<>();
  private final List<Runnable> journal = new ArrayList<>();

  /**
   * The accounts written since the last {@link #finishTransaction}: only these can hold the
   * transaction's storage writes, so a block of thousands of transactions does not walk every
   * account it has touched after each one.
   */
  private final Set<CachedAccount> changedInTransaction = new HashSet<>();

  private TrieWorldState(final NodeStore store, final Hash root, final boolean readOnly) {
    this.store = store;
    this.readOnly = readOnly;
    this.accounts = MerklePatriciaTrie.secure(store, root);
  }

  /** An empty state whose commits go to {@code store}. */
  public static TrieWorldState empty(final NodeStore store) {
    return new TrieWorldState(store, MerklePatriciaTrie.EMPTY_ROOT, false);
  }

  /** The state at {@code root}, to build on. */
  public static TrieWorldState at(final NodeStore store, final Hash root) {
    return new TrieWorldState(store, root, false);
  }

  /** The state at any root still in the store, refusing every write. */
  public static TrieWorldState readOnly(final NodeStore store, final Hash root) {
    return new TrieWorldState(store, root, true);
  }

  /** One account's cached state; mutable, but never leaves this class. */
  private static final class CachedAccount {
    boolean exists;
    long nonce;
    UInt256 balance;
    Hash codeHash;
    @Nullable Bytes code;
    Hash storageRoot;
    @Nullable MerklePatriciaTrie storageTrie;
    Map<UInt256, UInt256> committed = new HashMap<>();
    Map<UInt256, UInt256> current = new HashMap<>();
    boolean createdInTransaction;
    boolean dirty;

    CachedAccount(final boolean exists, final Account account) {
      this.exists = exists;
      this.nonce = account.nonce();
      this.balance = account.balance();
      this.codeHash = account.codeHash();
      this.storageRoot = account.storageRoot();
    }

    CachedAccount copy() {
      final CachedAccount copy =
          new CachedAccount(exists, new Account(nonce, balance, storageRoot, codeHash));
      copy.code = code;
      copy.storageTrie = storageTrie;
      copy.committed = new HashMap<>(committed);
      copy.current = new HashMap<>(current);
      copy.createdInTransaction = createdInTransaction;
      copy.dirty = dirty;
      return copy;
    }

    /** Restores every field in place: undo steps hold references to this very object. */
    void restore(final CachedAccount from) {
      exists = from.exists;
      nonce = from.nonce;
      balance = from.balance;
      codeHash = from.codeHash;
      code = from.code;
      storageRoot = from.storageRoot;
      storageTrie = from.storageTrie;
      committed = from.committed;
      current = from.current;
      createdInTransaction = from.createdInTransaction;
      dirty = from.dirty || dirty;
    }

    boolean isEmpty() {
      return nonce == 0 && balance.isZero() && codeHash.equals(Keccak.EMPTY);
    }
  }

  private CachedAccount account(final Address address) {
    CachedAccount cached = cache.get(address);
    if (cached == null) {
      final Bytes encoded = accounts.get(address.bytes());
      cached =
          encoded == null
              ? new CachedAccount(false, Account.EMPTY)
              : new CachedAccount(true, Account.decode(encoded));
      cache.put(address, cached);
    }
    return cached;
  }

  /** The account, made to exist, with an undo step that restores its whole previous state. */
  private CachedAccount writable(final Address address) {
    if (readOnly) {
      throw new UnsupportedOperationException("this world state view is read-only");
    }
    final CachedAccount account = account(address);
    if (!account.exists) {
      final CachedAccount before = account.copy();
      journal.add(() -> account.restore(before));
      account.exists = true;
    }
    account.dirty = true;
    changedInTransaction.add(account);
    return account;
  }

  @Override
  public boolean exists(final Address address) {
    return account(address).exists;
  }

  @Override
  public boolean isEmpty(final Address address) {
    final CachedAccount account = account(address);
    return !account.exists || account.isEmpty();
  }

  @Override
  public long getNonce(final Address address) {
    return account(address).nonce;
  }

  @Override
  public UInt256 getBalance(final Address address) {
    return account(address).balance;
  }

  @Override
  public Bytes getCode(final Address address) {
    final CachedAccount account = account(address);
    Bytes code = account.code;
    if (code == null) {
      if (account.codeHash.equals(Keccak.EMPTY)) {
        code = Bytes.EMPTY;
      } else {
        code = newCode.get(account.codeHash);
        if (code == null) {
          code = store.get(account.codeHash);
        }
        if (code == null) {
          throw new IllegalStateException("missing code " + account.codeHash + " of " + address);
        }
      }
      account.code = code;
    }
    return code;
  }

  @Override
  public Hash getCodeHash(final Address address) {
    final CachedAccount account = account(address);
    return account.exists ? account.codeHash : Hash.ZERO;
  }

  @Override
  public boolean hasStorage(final Address address) {
    final CachedAccount account = account(address);
    return account.exists && !storageRoot(account, false).equals(MerklePatriciaTrie.EMPTY_ROOT);
  }

  @Override
  public UInt256 getStorage(final Address address, final UInt256 slot) {
    final CachedAccount account = account(address);
    final UInt256 value = account.current.get(slot);
    return value != null ? value : committedValue(account, slot);
  }

  @Override
  public UInt256 getCommittedStorage(final Address address, final UInt256 slot) {
    final CachedAccount account = account(address);
    return account.createdInTransaction ? UInt256.ZERO : committedValue(account, slot);
  }

  private UInt256 committedValue(final CachedAccount account, final UInt256 slot) {
    final UInt256 value = account.committed.get(slot);
    if (value != null) {
      return value;
    }
    if (account.storageRoot.equals(MerklePatriciaTrie.EMPTY_ROOT)) {
      return UInt256.ZERO;
    }
    MerklePatriciaTrie trie = account.storageTrie;
    if (trie == null) {
      trie = MerklePatriciaTrie.secure(store, account.storageRoot);
      account.storageTrie = trie;
    }
    final Bytes stored = trie.get(slot.toBytes32());
    final UInt256 loaded =
        stored == null ? UInt256.ZERO : Rlp.decode(stored).asString().asUInt256();
    account.committed.put(slot, loaded);
    return loaded;
  }

  @Override
  public void createAccount(final Address address) {
    final CachedAccount account = writable(address);
    final CachedAccount before = account.copy();
    journal.add(() -> account.restore(before));
    account.nonce = 0;
    account.codeHash = Keccak.EMPTY;
    account.code = Bytes.EMPTY;
    clearStorage(account);
    account.createdInTransaction = true;
  }

  private static void clearStorage(final CachedAccount account) {
    account.storageRoot = MerklePatriciaTrie.EMPTY_ROOT;
    account.storageTrie = null;
    account.committed = new HashMap<>();
    account.current = new HashMap<>();
  }

  @Override
  public void setNonce(final Address address, final long nonce) {
    final CachedAccount account = writable(address);
    final long before = account.nonce;
    journal.add(() -> account.nonce = before);
    account.nonce = nonce;
  }

  @Override
  public void setBalance(final Address address, final UInt256 balance) {
    final CachedAccount account = writable(address);
    final UInt256 before = account.balance;
    journal.add(() -> account.balance = before);
    account.balance = balance;
  }

  @Override
  public void addBalance(final Address address, final UInt256 amount) {
    setBalance(address, account(address).balance.add(amount));
  }

  @Override
  public void subtractBalance(final Address address, final UInt256 amount) {
    setBalance(address, account(address).balance.subtract(amount));
  }

  @Override
  public void setCode(final Address address, final Bytes code) {
    final CachedAccount account = writable(address);
    final Hash hashBefore = account.codeHash;
    final Bytes codeBefore = account.code;
    journal.add(
        () -> {
          account.codeHash = hashBefore;
          account.code = codeBefore;
        });
    final Hash hash = Keccak.hash(code);
    account.codeHash = hash;
    account.code = code;
    if (!code.isEmpty()) {
      newCode.put(hash, code);
    }
  }

  @Override
  public void setStorage(final Address address, final UInt256 slot, final UInt256 value) {
    final CachedAccount account = writable(address);
    final UInt256 before = account.current.get(slot);
    journal.add(
        () -> {
          if (before == null) {
            account.current.remove(slot);
          } else {
            account.current.put(slot, before);
          }
        });
    account.current.put(slot, value);
  }

  @Override
  public void deleteAccount(final Address address) {
    if (readOnly) {
      throw new UnsupportedOperationException("this world state view is read-only");
    }
    final CachedAccount account = account(address);
    changedInTransaction.add(account);
    final CachedAccount before = account.copy();
    journal.add(() -> account.restore(before));
    account.exists = false;
    account.dirty = true;
    account.nonce = 0;
    account.balance = UInt256.ZERO;
    account.codeHash = Keccak.EMPTY;
    account.code = Bytes.EMPTY;
    clearStorage(account);
  }

  @Override
  public int snapshot() {
    return journal.size();
  }

  @Override
  public void revertTo(final int id) {
    for (int i = journal.size() - 1; i >= id; i--) {
      journal.remove(i).run();
    }
  }

  @Override
  public void finishTransaction() {
    for (final CachedAccount account : changedInTransaction) {
      if (!account.current.isEmpty()) {
        account.committed.putAll(account.current);
        account.current = new HashMap<>();
      }
      account.createdInTransaction = false;
    }
    changedInTransaction.clear();
    journal.clear();
  }

  @Override
  public Hash rootHash() {
    return updatedTries(false).rootHash();
  }

  @Override
  public Hash commit() {
    if (readOnly) {
      throw new UnsupportedOperationException("this world state view is read-only");
    }
    finishTransaction();
    final Hash[] root = new Hash[1];
    final Runnable write =
        () -> {
          for (final Map.Entry<Hash, Bytes> code : newCode.entrySet()) {
            store.put(code.getKey(), code.getValue());
          }
          final MerklePatriciaTrie updated = updatedTries(true);
          root[0] = updated.commit();
          accounts = updated;
        };
    if (store instanceof RocksDbNodeStore rocks) {
      rocks.inBatch(write);
    } else {
      write.run();
    }
    newCode.clear();
    cache.clear();
    return root[0];
  }

  /** The account trie with every dirty account written; storage tries committed if asked. */
  private MerklePatriciaTrie updatedTries(final boolean persist) {
    final MerklePatriciaTrie trie = accounts.snapshot();
    for (final Map.Entry<Address, CachedAccount> entry : dirtyAccounts().entrySet()) {
      final CachedAccount account = entry.getValue();
      if (!account.exists) {
        trie.delete(entry.getKey().bytes());
        continue;
      }
      final Hash storageRoot = storageRoot(account, persist);
      trie.put(
          entry.getKey().bytes(),
          new Account(account.nonce, account.balance, storageRoot, account.codeHash).encoded());
    }
    return trie;
  }

  private Map<Address, CachedAccount> dirtyAccounts() {
    final Map<Address, CachedAccount> dirty = new LinkedHashMap<>();
    for (final Map.Entry<Address, CachedAccount> entry : cache.entrySet()) {
      if (entry.getValue().dirty) {
        dirty.put(entry.getKey(), entry.getValue());
      }
    }
    return dirty;
  }

  private Hash storageRoot(final CachedAccount account, final boolean persist) {
    if (account.committed.isEmpty() && account.current.isEmpty()) {
      return account.storageRoot;
    }
    final MerklePatriciaTrie trie =
        account.storageRoot.equals(MerklePatriciaTrie.EMPTY_ROOT)
            ? MerklePatriciaTrie.secure(store)
            : MerklePatriciaTrie.secure(store, account.storageRoot);
    applyWrites(trie, account.committed);
    applyWrites(trie, account.current);
    return persist ? trie.commit() : trie.rootHash();
  }

  private static void applyWrites(
      final MerklePatriciaTrie trie, final Map<UInt256, UInt256> writes) {
    for (final Map.Entry<UInt256, UInt256> write : writes.entrySet()) {
      final Bytes key = write.getKey().toBytes32();
      if (write.getValue().isZero()) {
        trie.delete(key);
      } else {
        trie.put(key, Rlp.encode(RlpItem.of(write.getValue())));
      }
    }
  }
}
