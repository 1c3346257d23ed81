package io.amchain.vm;

import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.precompile.Precompile;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Message calls and contract creations: the CALL and CREATE families' frame setup (their gas, the
 * child's message), the checks before a frame runs (depth, balance, collision), value transfer,
 * precompiles, code deposit, and the rollback of a failed frame through the {@link Substate}. The
 * frames' code runs in the {@link Interpreter}, which comes back here for nested calls.
 */
final class Calls {
  private final WorldState world;
  private final Fork fork;
  private final Substate substate;
  private final Map<Address, Precompile> precompiles;
  private final Interpreter interpreter;
  private final @Nullable Tracer tracer;

  Calls(
      final WorldState world,
      final BlockEnvironment block,
      final Fork fork,
      final Substate substate,
      final Map<Address, Precompile> precompiles,
      final Address origin,
      final Word gasPrice,
      final @Nullable Tracer tracer) {
    this.world = world;
    this.fork = fork;
    this.substate = substate;
    this.precompiles = precompiles;
    this.tracer = tracer;
    this.interpreter =
        new Interpreter(this, world, block, fork, substate, origin, gasPrice, tracer);
  }

  FrameResult call(final Message message) {
    final Tracer tracer = this.tracer;
    if (tracer == null) {
      return runCall(message);
    }
    // A DELEGATECALL runs for the delegating contract's caller; a tracer names the contract.
    final Address from =
        message.kind() == FrameKind.DELEGATECALL ? message.recipient() : message.caller();
    tracer.onEnter(
        message.depth(),
        message.kind(),
        from,
        message.codeAddress(),
        message.input(),
        message.gas(),
        message.kind() == FrameKind.STATICCALL ? null : message.value().toUInt256());
    final FrameResult result = runCall(message);
    tracer.onExit(
        message.depth(), result.output(), message.gas() - result.gasLeft(), result.halt());
    return result;
  }

  private FrameResult runCall(final Message message) {
    if (message.depth() > Gas.MAX_CALL_DEPTH) {
      return FrameResult.failed(Halt.CALL_DEPTH_EXCEEDED, message.gas());
    }
    final UInt256 value = message.value().toUInt256();
    final boolean transfers =
        message.kind() == FrameKind.CALL || message.kind() == FrameKind.CALLCODE;
    if (transfers && !value.isZero() && world.getBalance(message.caller()).lessThan(value)) {
      return FrameResult.failed(Halt.INSUFFICIENT_BALANCE, message.gas());
    }
    final Substate.Checkpoint checkpoint = substate.checkpoint();
    final Precompile precompile = precompiles.get(message.codeAddress());
    if (message.kind() == FrameKind.CALL) {
      if (!world.exists(message.recipient()) && precompile == null && value.isZero()) {
        return new FrameResult(Halt.STOP, message.gas(), Bytes.EMPTY, null);
      }
      substate.transfer(message.caller(), message.recipient(), value);
    } else if (message.kind() == FrameKind.STATICCALL) {
      substate.addBalance(message.recipient(), UInt256.ZERO); // touches, as geth does
    }
    FrameResult result;
    if (precompile != null) {
      final long cost = precompile.gasCost(message.input());
      final Bytes output = cost > message.gas() ? null : precompile.run(message.input());
      result =
          output == null
              ? FrameResult.failed(
                  cost > message.gas() ? Halt.OUT_OF_GAS : Halt.PRECOMPILE_FAILURE, 0)
              : new FrameResult(Halt.RETURN, message.gas() - cost, output, null);
    } else if (message.code().isEmpty()) {
      result = new FrameResult(Halt.STOP, message.gas(), Bytes.EMPTY, null);
    } else {
      result = interpreter.execute(message);
    }
    if (!result.halt().isSuccess()) {
      substate.revert(checkpoint);
      if (!result.halt().keepsGas()) {
        result = new FrameResult(result.halt(), 0, result.output(), null);
      }
    }
    return result;
  }

  static Address createAddress(final Address sender, final long nonce) {
    final Bytes rlp =
        Rlp.encode(RlpItem.list(RlpItem.of(sender), RlpItem.of(Bytes.minimal(nonce))));
    return Address.of(Keccak.hash(rlp).bytes().slice(12));
  }

  static Address create2Address(final Address sender, final Word salt, final Bytes initCode) {
    final Bytes preimage =
        Bytes.of((byte) 0xff)
            .concat(sender.bytes())
            .concat(salt.toBytes())
            .concat(Keccak.hash(initCode).bytes());
    return Address.of(Keccak.hash(preimage).bytes().slice(12));
  }

  /** Runs init code at {@code address}; the caller's nonce has been checked but not yet raised. */
  FrameResult create(final Message message, final Address address) {
    final Tracer tracer = this.tracer;
    if (tracer == null) {
      return runCreate(message, address);
    }
    tracer.onEnter(
        message.depth(),
        message.kind(),
        message.caller(),
        address,
        Bytes.wrap(message.code().array()),
        message.gas(),
        message.value().toUInt256());
    final FrameResult result = runCreate(message, address);
    tracer.onExit(
        message.depth(),
        result.created() == null ? result.output() : world.getCode(address),
        message.gas() - result.gasLeft(),
        result.halt());
    return result;
  }

  private FrameResult runCreate(final Message message, final Address address) {
    if (message.depth() > Gas.MAX_CALL_DEPTH) {
      return FrameResult.failed(Halt.CALL_DEPTH_EXCEEDED, message.gas());
    }
    final UInt256 value = message.value().toUInt256();
    if (world.getBalance(message.caller()).lessThan(value)) {
      return FrameResult.failed(Halt.INSUFFICIENT_BALANCE, message.gas());
    }
    final long nonce = world.getNonce(message.caller());
    if (nonce == -1L) {
      return FrameResult.failed(Halt.NONCE_OVERFLOW, message.gas());
    }
    world.setNonce(message.caller(), nonce + 1);
    substate.warm(address);
    if (world.getNonce(address) != 0
        || (world.exists(address) && !world.getCodeHash(address).equals(Keccak.EMPTY))
        || world.hasStorage(address)) {
      return FrameResult.failed(Halt.CONTRACT_COLLISION, 0);
    }
    final Substate.Checkpoint checkpoint = substate.checkpoint();
    world.createAccount(address);
    substate.touch(address);
    world.setNonce(address, 1);
    substate.transfer(message.caller(), address, value);
    substate.markCreated(address);
    FrameResult result = interpreter.execute(message);
    if (result.halt().isSuccess()) {
      final Bytes code = result.output();
      final long deposit = Gas.CODE_DEPOSIT_BYTE * code.size();
      if (code.size() > Gas.MAX_CODE_SIZE) {
        result = FrameResult.failed(Halt.CODE_SIZE_EXCEEDED, 0);
      } else if (!code.isEmpty() && code.unsigned(0) == 0xef) {
        result = FrameResult.failed(Halt.INVALID_CODE_PREFIX, 0);
      } else if (result.gasLeft() < deposit) {
        result = FrameResult.failed(Halt.OUT_OF_GAS, 0);
      } else {
        world.setCode(address, code);
        return new FrameResult(Halt.RETURN, result.gasLeft() - deposit, Bytes.EMPTY, address);
      }
    }
    substate.revert(checkpoint);
    return result.halt().keepsGas()
        ? new FrameResult(result.halt(), result.gasLeft(), result.output(), null)
        : FrameResult.failed(result.halt(), 0);
  }

  /**
   * CREATE and CREATE2 from a running frame: pops the operands, charges the init code's gas, runs
   * it with all but a 64th of the gas left, and pushes the new address (zero on failure). Returns
   * the halt that fails the calling frame, or null to go on.
   */
  @Nullable Halt createFromFrame(
      final Opcode op,
      final Message m,
      final Word[] stack,
      final Memory memory,
      final Interpreter.FrameState frame) {
    final Address self = m.recipient();
    int sp = frame.sp;
    long gas = frame.gas;
    long cost;
    if (m.isStatic()) {
      return Halt.STATIC_STATE_CHANGE;
    }
    final Word value = stack[--sp];
    final Word offset = stack[--sp];
    final Word length = stack[--sp];
    final Word salt = op == Opcode.CREATE2 ? stack[--sp] : Word.ZERO;
    cost = Interpreter.memoryCost(memory, offset, length);
    if (cost != Long.MAX_VALUE) {
      if (fork.isAtLeast(Fork.SHANGHAI) && length.compareTo(Word.of(Gas.MAX_INIT_CODE_SIZE)) > 0) {
        cost = Long.MAX_VALUE;
      } else {
        final long words = Gas.words(length.lowLong());
        if (fork.isAtLeast(Fork.SHANGHAI)) {
          cost += Gas.INIT_CODE_WORD * words;
        }
        if (op == Opcode.CREATE2) {
          cost += Gas.KECCAK_WORD * words;
        }
      }
    }
    if (cost == Long.MAX_VALUE || gas < cost) {
      return Halt.OUT_OF_GAS;
    }
    gas -= cost;
    Interpreter.expand(memory, offset, length);
    final Bytes initCode = Bytes.wrap(memory.read(offset.lowLong(), length.lowLong()));
    final long childGas = gas - gas / 64;
    gas -= childGas;
    final Address address =
        op == Opcode.CREATE
            ? createAddress(self, world.getNonce(self))
            : create2Address(self, salt, initCode);
    final FrameResult result =
        create(
            new Message(
                op == Opcode.CREATE ? FrameKind.CREATE : FrameKind.CREATE2,
                self,
                address,
                address,
                value,
                Bytes.EMPTY,
                childGas,
                m.depth() + 1,
                false,
                Code.of(initCode)),
            address);
    gas += result.gasLeft();
    frame.returnData = result.halt() == Halt.REVERT ? result.output() : Bytes.EMPTY;
    final Address created = result.created();
    stack[sp++] = created == null ? Word.ZERO : Word.of(created);
    frame.sp = sp;
    frame.gas = gas;
    return null;
  }

  /**
   * CALL, CALLCODE, DELEGATECALL and STATICCALL from a running frame: pops the operands, charges
   * memory, access and value, runs the child frame with at most all but a 64th of the gas left, and
   * copies its output into memory. Returns the halt that fails the calling frame, or null to go on.
   */
  @Nullable Halt callFromFrame(
      final Opcode op,
      final Message m,
      final Word[] stack,
      final Memory memory,
      final Interpreter.FrameState frame) {
    final Address self = m.recipient();
    int sp = frame.sp;
    long gas = frame.gas;
    long cost;
    final Word requested = stack[--sp];
    final Address target = stack[--sp].toAddress();
    final Word value = op == Opcode.CALL || op == Opcode.CALLCODE ? stack[--sp] : Word.ZERO;
    final Word inOffset = stack[--sp];
    final Word inLength = stack[--sp];
    final Word outOffset = stack[--sp];
    final Word outLength = stack[--sp];
    if (op == Opcode.CALL && m.isStatic() && !value.isZero()) {
      return Halt.STATIC_STATE_CHANGE;
    }
    final long inCost = Interpreter.memoryCost(memory, inOffset, inLength);
    final long outCost = Interpreter.memoryCost(memory, outOffset, outLength);
    if (inCost == Long.MAX_VALUE || outCost == Long.MAX_VALUE) {
      return Halt.OUT_OF_GAS;
    }
    cost = Math.max(inCost, outCost) + interpreter.accessCost(target);
    if (!value.isZero()) {
      cost += Gas.CALL_VALUE;
      if (op == Opcode.CALL && world.isEmpty(target)) {
        cost += Gas.NEW_ACCOUNT;
      }
    }
    if (gas < cost) {
      return Halt.OUT_OF_GAS;
    }
    gas -= cost;
    final long available = gas - gas / 64;
    long childGas = requested.fitsLong() ? Math.min(requested.lowLong(), available) : available;
    gas -= childGas;
    if (!value.isZero()) {
      childGas += Gas.CALL_STIPEND;
    }
    Interpreter.expand(memory, inOffset, inLength);
    Interpreter.expand(memory, outOffset, outLength);
    final Bytes callInput =
        Bytes.wrap(memory.read(inOffset.lowLong(), inLength.isZero() ? 0 : inLength.lowLong()));
    // CALL and STATICCALL run the target's code on the target's account; CALLCODE and
    // DELEGATECALL run it on this one, DELEGATECALL also keeping this frame's caller and value.
    final boolean onTarget = op == Opcode.CALL || op == Opcode.STATICCALL;
    final boolean delegate = op == Opcode.DELEGATECALL;
    final Message child =
        new Message(
            switch (op) {
              case CALL -> FrameKind.CALL;
              case CALLCODE -> FrameKind.CALLCODE;
              case DELEGATECALL -> FrameKind.DELEGATECALL;
              default -> FrameKind.STATICCALL;
            },
            delegate ? m.caller() : self,
            onTarget ? target : self,
            target,
            delegate ? m.value() : value,
            callInput,
            childGas,
            m.depth() + 1,
            m.isStatic() || op == Opcode.STATICCALL,
            Code.of(world, target));
    final FrameResult result = call(child);
    gas += result.gasLeft();
    frame.returnData = result.output();
    if (!outLength.isZero() && !frame.returnData.isEmpty()) {
      final long copy = Math.min(outLength.lowLong(), frame.returnData.size());
      memory.write(outOffset.lowLong(), frame.returnData.toArray(), 0, copy);
    }
    stack[sp++] = Interpreter.bool(result.halt().isSuccess());
    frame.sp = sp;
    frame.gas = gas;
    return null;
  }
}
