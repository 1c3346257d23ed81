package io.amchain.vm;

import io.amchain.ledger.block.Log;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.precompile.Precompile;
import io.amchain.vm.precompile.Precompiles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The EVM for one transaction, as the state transition sees it: the first frame (a call or a
 * creation), the warm set it starts with, and the substate it leaves (logs, refund, self-destructs,
 * touched accounts). Three parts do the work: the {@link Substate}, journaled with the world state
 * so that a failed frame undoes all of it; {@link Calls}, the CALL and CREATE families with their
 * frame setup; and the {@link Interpreter} loop.
 */
public final class Evm {
  private final Substate substate;
  private final Calls calls;

  Evm(
      final WorldState world,
      final BlockEnvironment block,
      final Fork fork,
      final Address origin,
      final Word gasPrice,
      final @Nullable Tracer tracer) {
    final Map<Address, Precompile> precompiles = Precompiles.berlin();
    this.substate = new Substate(world, precompiles);
    this.calls = new Calls(world, block, fork, substate, precompiles, origin, gasPrice, tracer);
  }

  /** Runs a message call frame (the transaction's, or a nested one) and reverts it if it fails. */
  FrameResult call(final Message message) {
    return calls.call(message);
  }

  /** Runs init code at {@code address}; the caller's nonce has been checked but not yet raised. */
  FrameResult create(final Message message, final Address address) {
    return calls.create(message, address);
  }

  /** Marks an address warm (EIP-2929); true if it was cold. */
  boolean warm(final Address address) {
    return substate.warm(address);
  }

  boolean warmSlot(final Address address, final Word slot) {
    return substate.warmSlot(address, slot);
  }

  /** Credits an account and marks it touched (so that it is removed at the end if left empty). */
  void addBalance(final Address address, final UInt256 amount) {
    substate.addBalance(address, amount);
  }

  List<Log> logs() {
    return substate.logs();
  }

  long refund() {
    return substate.refund();
  }

  Set<Address> selfDestructs() {
    return substate.selfDestructs();
  }

  Set<Address> touched() {
    return substate.touched();
  }
}
