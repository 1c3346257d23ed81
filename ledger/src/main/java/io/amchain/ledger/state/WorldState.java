package io.amchain.ledger.state;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;

/**
 * The accounts of the chain at one point, as the EVM sees them while it runs: readable, writable,
 * and journaled, so that a failed call frame can be undone with {@link #revertTo}.
 *
 * <p>This is the narrow door between {@code vm} and storage (as revm's {@code Database} and geth's
 * {@code StateDB}): the EVM never touches tries or RocksDB. Per-transaction bookkeeping that is not
 * state (access lists, transient storage, refunds, logs, touched accounts) belongs to the EVM.
 *
 * <p>Reading an account that does not exist gives nonce 0, balance 0, empty code and zero storage.
 */
public interface WorldState {

  /** Whether the account is present in the state, even if it is empty. */
  boolean exists(Address address);

  /** EIP-161 emptiness: nonce 0, balance 0 and no code. A missing account is empty. */
  boolean isEmpty(Address address);

  long getNonce(Address address);

  UInt256 getBalance(Address address);

  Bytes getCode(Address address);

  /** keccak256 of the code; {@link Hash#ZERO} for an account that does not exist. */
  Hash getCodeHash(Address address);

  /**
   * Whether the account holds any non-zero storage (EIP-7610: such an address cannot be created
   * over).
   */
  boolean hasStorage(Address address);

  /** The storage value as it is now, with this transaction's writes. */
  UInt256 getStorage(Address address, UInt256 slot);

  /**
   * The storage value as it was when the current transaction began (EIP-2200's "original value").
   */
  UInt256 getCommittedStorage(Address address, UInt256 slot);

  /**
   * Creates the account, or resets it if present: nonce 0, no code, empty storage, while its
   * balance is kept (value sent to an address before a contract is created there stays).
   */
  void createAccount(Address address);

  void setNonce(Address address, long nonce);

  void setBalance(Address address, UInt256 balance);

  /** Adds to the balance, creating the account if needed. */
  void addBalance(Address address, UInt256 amount);

  /** Subtracts from the balance; fails with {@link ArithmeticException} if it would go negative. */
  void subtractBalance(Address address, UInt256 amount);

  void setCode(Address address, Bytes code);

  /** Writing zero removes the slot. */
  void setStorage(Address address, UInt256 slot, UInt256 value);

  /** Removes the account with its code and storage (SELFDESTRUCT, EIP-161 clean-up). */
  void deleteAccount(Address address);

  /** Marks the journal; the returned id can be given to {@link #revertTo}. */
  int snapshot();

  /** Undoes every change made since {@link #snapshot} returned {@code id}. */
  void revertTo(int id);

  /**
   * Ends a transaction: its writes become the committed values that {@link #getCommittedStorage}
   * reports for the next transaction, and the journal is cleared.
   */
  void finishTransaction();

  /** The state root of the current content (computes pending trie updates; writes nothing). */
  Hash rootHash();

  /** Writes all changes to the node store and returns the state root. */
  Hash commit();
}
