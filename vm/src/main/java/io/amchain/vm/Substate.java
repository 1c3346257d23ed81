package io.amchain.vm;

import io.amchain.ledger.block.Log;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.precompile.Precompile;
import io.amchain.vm.precompile.Precompiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A transaction's substate (Yellow Paper §6.1): warm accounts and slots, transient storage, logs,
 * the refund counter, self-destructs, accounts created and touched. Every change is journaled next
 * to a world-state snapshot, so that {@link #revert} undoes a failed frame's substate and state
 * together.
 */
final class Substate {
  /**
   * RIPEMD-160's precompile stays touched even when its call reverts (a mainnet quirk geth keeps).
   */
  private static final Address RIPEMD = Precompiles.address(3);

  private final WorldState world;
  private final Map<Address, Precompile> precompiles;
  private final Set<Address> warmAddresses = new HashSet<>();
  private final Set<SlotKey> warmSlots = new HashSet<>();
  private final Map<SlotKey, Word> transientStorage = new HashMap<>();
  private final List<Log> logs = new ArrayList<>();
  private final Set<Address> selfDestructs = new LinkedHashSet<>();
  private final Set<Address> createdInTransaction = new HashSet<>();
  private final Set<Address> touched = new LinkedHashSet<>();
  private final List<Runnable> journal = new ArrayList<>();
  private long refund;

  /**
   * A storage slot of one account. Written out rather than left to the record's generated methods,
   * whose invokedynamic plumbing is large enough to crowd the interpreter loop's inlining budget.
   */
  private record SlotKey(Address address, Word slot) {
    @Override
    public boolean equals(final @Nullable Object other) {
      return other instanceof SlotKey that
          && address.equals(that.address)
          && slot.equals(that.slot);
    }

    @Override
    public int hashCode() {
      return address.hashCode() * 31 + slot.hashCode();
    }
  }

  /** Where to roll back to: a world-state snapshot and a journal length. */
  record Checkpoint(int world, int substate) {}

  Substate(final WorldState world, final Map<Address, Precompile> precompiles) {
    this.world = world;
    this.precompiles = precompiles;
  }

  List<Log> logs() {
    return logs;
  }

  long refund() {
    return refund;
  }

  Set<Address> selfDestructs() {
    return selfDestructs;
  }

  Set<Address> touched() {
    return touched;
  }

  /**
   * Marks an address warm; true if it was cold (and so costs the cold price). Precompiles are
   * always warm (EIP-2929), without being copied into every transaction's set.
   */
  boolean warm(final Address address) {
    if (!precompiles.containsKey(address) && warmAddresses.add(address)) {
      journal.add(() -> warmAddresses.remove(address));
      return true;
    }
    return false;
  }

  boolean warmSlot(final Address address, final Word slot) {
    final SlotKey key = new SlotKey(address, slot);
    if (warmSlots.add(key)) {
      journal.add(() -> warmSlots.remove(key));
      return true;
    }
    return false;
  }

  void addRefund(final long amount) {
    refund += amount;
    journal.add(() -> refund -= amount);
  }

  void touch(final Address address) {
    if (touched.add(address) && !address.equals(RIPEMD)) {
      journal.add(() -> touched.remove(address));
    }
  }

  void addBalance(final Address address, final UInt256 amount) {
    touch(address);
    world.addBalance(address, amount);
  }

  void subtractBalance(final Address address, final UInt256 amount) {
    touch(address);
    world.subtractBalance(address, amount);
  }

  void transfer(final Address from, final Address to, final UInt256 amount) {
    subtractBalance(from, amount);
    addBalance(to, amount);
  }

  void markCreated(final Address address) {
    if (createdInTransaction.add(address)) {
      journal.add(() -> createdInTransaction.remove(address));
    }
  }

  /**
   * Moves the balance to the beneficiary; from Cancun on (EIP-6780) the account is removed only if
   * this transaction created it.
   */
  void selfDestruct(
      final Address self, final Address beneficiary, final UInt256 balance, final boolean eip6780) {
    if (eip6780) {
      subtractBalance(self, balance);
      addBalance(beneficiary, balance);
      if (createdInTransaction.contains(self)) {
        markDestroyed(self);
      }
      return;
    }
    addBalance(beneficiary, balance);
    markDestroyed(self);
  }

  private void markDestroyed(final Address self) {
    world.setBalance(self, UInt256.ZERO);
    if (selfDestructs.add(self)) {
      journal.add(() -> selfDestructs.remove(self));
    }
  }

  /** TLOAD (EIP-1153): zero for a slot never written in this transaction. */
  Word transientLoad(final Address self, final Word slot) {
    final Word value = transientStorage.get(new SlotKey(self, slot));
    return value == null ? Word.ZERO : value;
  }

  void transientStore(final Address self, final Word slot, final Word value) {
    final SlotKey key = new SlotKey(self, slot);
    final Word before = transientStorage.put(key, value);
    journal.add(
        () -> {
          if (before == null) {
            transientStorage.remove(key);
          } else {
            transientStorage.put(key, before);
          }
        });
  }

  void addLog(final Log log) {
    logs.add(log);
    journal.add(() -> logs.remove(logs.size() - 1));
  }

  Checkpoint checkpoint() {
    return new Checkpoint(world.snapshot(), journal.size());
  }

  void revert(final Checkpoint checkpoint) {
    world.revertTo(checkpoint.world());
    for (int i = journal.size() - 1; i >= checkpoint.substate(); i--) {
      journal.remove(i).run();
    }
  }
}
