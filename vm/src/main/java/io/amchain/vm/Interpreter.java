package io.amchain.vm;

import io.amchain.ledger.block.Log;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The interpreter: runs one frame's bytecode, instruction by instruction, with the generic checks
 * of {@link Opcode}'s table (defined, stack, constant gas) before each and the dynamic gas inside
 * each. Nested calls and creations go to {@link Calls}; what they must undo on failure lives in the
 * {@link Substate}.
 */
final class Interpreter {
  private final Calls calls;
  private final WorldState world;
  private final BlockEnvironment block;
  private final Fork fork;
  private final @Nullable Opcode[] table;
  private final Substate substate;
  private final Address origin;
  private final Word gasPrice;
  private final @Nullable Tracer tracer;

  Interpreter(
      final Calls calls,
      final WorldState world,
      final BlockEnvironment block,
      final Fork fork,
      final Substate substate,
      final Address origin,
      final Word gasPrice,
      final @Nullable Tracer tracer) {
    this.calls = calls;
    this.world = world;
    this.block = block;
    this.fork = fork;
    this.table = Opcode.table(fork);
    this.substate = substate;
    this.origin = origin;
    this.gasPrice = gasPrice;
    this.tracer = tracer;
  }

  /** Memory offsets and sizes beyond this cannot be paid for with any gas a block holds. */
  static final long MEMORY_LIMIT = 1L << 32;

  private static final Word WORD_SIZE = Word.of(32);

  private static final int INITIAL_STACK = 32;

  /**
   * Runs one frame of bytecode. The hot loop: idioms give way to speed here, so benchmark before
   * refactoring it.
   */
  @SuppressWarnings("fallthrough")
  FrameResult execute(final Message m) {
    final Code program = m.code();
    final byte[] code = program.array();
    final byte[] input = m.input().toArray();
    // Grown on demand up to the 1,024 items the EVM allows: most frames stay under a few dozen.
    Word[] stack = new Word[INITIAL_STACK];
    final Memory memory = new Memory();
    final FrameState frame = new FrameState();
    // Locals, not fields: C2 reloads an instance field after every call the loop makes.
    final @Nullable Opcode[] table = this.table;
    final Tracer tracer = this.tracer;
    final Step step = tracer == null ? null : new Step(m, memory, world);
    final Cancellation cancellation = Cancellation.current();
    cancellation.check();
    long gas = m.gas();
    int sp = 0;
    int pc = 0;
    while (true) {
      final int b = pc < code.length ? code[pc] & 0xff : 0x00;
      final Opcode op = table[b];
      if (tracer != null && step != null) {
        step.set(pc, b, op, gas, substate.refund(), stack, sp, frame.returnData);
        tracer.onOpcode(step);
      }
      if (op == null) {
        return FrameResult.failed(Halt.INVALID_OPCODE, 0);
      }
      if (sp < Opcode.stackIn(b)) {
        return FrameResult.failed(Halt.STACK_UNDERFLOW, 0);
      }
      // No instruction adds more than one item, so only a stack one short of full needs a look.
      if (sp >= stack.length - 1) {
        if (sp > Opcode.stackMaxBefore(b)) {
          return FrameResult.failed(Halt.STACK_OVERFLOW, 0);
        }
        if (stack.length < Gas.STACK_LIMIT) {
          stack = Arrays.copyOf(stack, Math.min(2 * stack.length, Gas.STACK_LIMIT));
        }
      }
      final long gasBefore = gas;
      if (gas < op.gas()) {
        return FrameResult.failed(Halt.OUT_OF_GAS, 0);
      }
      gas -= op.gas();
      int nextPc = pc + 1;
      Halt halt = null;
      Bytes output = Bytes.EMPTY;
      long cost;

      // On the byte, not the enum: one load fewer before the jump (an enum switch goes through
      // the ordinal and a lookup array); table[b] above has already rejected undefined bytes.
      switch (b) {
        case 0x00 -> halt = Halt.STOP; // STOP
        case 0x01 -> stack[sp - 2] = stack[--sp].add(stack[sp - 1]); // ADD
        case 0x02 -> stack[sp - 2] = stack[--sp].mul(stack[sp - 1]); // MUL
        case 0x03 -> stack[sp - 2] = stack[--sp].sub(stack[sp - 1]); // SUB
        case 0x04 -> stack[sp - 2] = stack[--sp].div(stack[sp - 1]); // DIV
        case 0x06 -> stack[sp - 2] = stack[--sp].mod(stack[sp - 1]); // MOD
        case 0x0b -> stack[sp - 2] = stack[sp - 2].signExtend(stack[--sp]); // SIGNEXTEND
        case 0x10 -> stack[sp - 2] = bool(stack[--sp].compareTo(stack[sp - 1]) < 0); // LT
        case 0x11 -> stack[sp - 2] = bool(stack[--sp].compareTo(stack[sp - 1]) > 0); // GT
        case 0x12 -> stack[sp - 2] = bool(stack[--sp].compareSigned(stack[sp - 1]) < 0); // SLT
        case 0x13 -> stack[sp - 2] = bool(stack[--sp].compareSigned(stack[sp - 1]) > 0); // SGT
        case 0x14 -> stack[sp - 2] = bool(stack[--sp].equals(stack[sp - 1])); // EQ
        case 0x15 -> stack[sp - 1] = bool(stack[sp - 1].isZero()); // ISZERO
        case 0x16 -> stack[sp - 2] = stack[--sp].and(stack[sp - 1]); // AND
        case 0x17 -> stack[sp - 2] = stack[--sp].or(stack[sp - 1]); // OR
        case 0x18 -> stack[sp - 2] = stack[--sp].xor(stack[sp - 1]); // XOR
        case 0x19 -> stack[sp - 1] = stack[sp - 1].not(); // NOT
        case 0x1a -> stack[sp - 2] = stack[sp - 2].byteAt(stack[--sp]); // BYTE
        case 0x1b -> stack[sp - 2] = stack[sp - 2].shl(stack[--sp].shiftAmount()); // SHL
        case 0x1c -> stack[sp - 2] = stack[sp - 2].shr(stack[--sp].shiftAmount()); // SHR
        case 0x1d -> stack[sp - 2] = stack[sp - 2].sar(stack[--sp].shiftAmount()); // SAR
        case 0x35 -> { // CALLDATALOAD
          final Word offset = stack[sp - 1];
          stack[sp - 1] =
              offset.fitsInt() && offset.intValue() < input.length
                  ? Word.fromCode(input, offset.intValue(), 32)
                  : Word.ZERO;
        }
        case 0x36 -> stack[sp++] = Word.of(input.length); // CALLDATASIZE
        case 0x38 -> stack[sp++] = Word.of(code.length); // CODESIZE
        case 0x3d -> stack[sp++] = Word.of(frame.returnData.size()); // RETURNDATASIZE
        case 0x50 -> sp--; // POP
        case 0x51 -> { // MLOAD
          final Word offset = stack[sp - 1];
          // Most accesses fall inside memory already paid for: skip the expansion arithmetic.
          if (offset.fitsInt() && offset.intValue() <= memory.size() - 32) {
            stack[sp - 1] = memory.readWord(offset.intValue());
            break;
          }
          cost = memoryCost(memory, offset, WORD_SIZE);
          if (cost == Long.MAX_VALUE || gas < cost) {
            return FrameResult.failed(Halt.OUT_OF_GAS, 0);
          }
          gas -= cost;
          expand(memory, offset, WORD_SIZE);
          stack[sp - 1] = memory.readWord(offset.lowLong());
        }
        case 0x52, 0x53 -> { // MSTORE, MSTORE8
          final Word offset = stack[--sp];
          final Word value = stack[--sp];
          if (op == Opcode.MSTORE && offset.fitsInt() && offset.intValue() <= memory.size() - 32) {
            memory.writeWord(offset.intValue(), value);
            break;
          }
          final Word size = op == Opcode.MSTORE ? WORD_SIZE : Word.ONE;
          cost = memoryCost(memory, offset, size);
          if (cost == Long.MAX_VALUE || gas < cost) {
            return FrameResult.failed(Halt.OUT_OF_GAS, 0);
          }
          gas -= cost;
          expand(memory, offset, size);
          if (op == Opcode.MSTORE) {
            memory.writeWord(offset.lowLong(), value);
          } else {
            memory.writeByte(offset.lowLong(), (byte) value.lowLong());
          }
        }
        case 0x56, 0x57 -> { // JUMP, JUMPI
          final Word destination = stack[--sp];
          final boolean jump = op == Opcode.JUMP || !stack[--sp].isZero();
          if (jump) {
            if (!destination.fitsInt() || !program.isJumpDestination(destination.intValue())) {
              return FrameResult.failed(Halt.BAD_JUMP_DESTINATION, 0);
            }
            nextPc = destination.intValue();
            cancellation.check();
            // The destination is a JUMPDEST: run it here rather than through another dispatch
            // (a tenth of a contract's instructions). Traced runs take the long way to report it.
            if (tracer == null && gas >= Gas.JUMPDEST) {
              gas -= Gas.JUMPDEST;
              nextPc++;
            }
          }
        }
        case 0x58 -> stack[sp++] = Word.of(pc); // PC
        case 0x59 -> stack[sp++] = Word.of(memory.size()); // MSIZE
        case 0x5a -> stack[sp++] = Word.of(gas); // GAS
        case 0x5b -> {} // JUMPDEST
        case 0x5f -> stack[sp++] = Word.ZERO; // PUSH0
        case 0x60,
            0x61,
            0x62,
            0x63,
            0x64,
            0x65,
            0x66,
            0x67,
            0x68,
            0x69,
            0x6a,
            0x6b,
            0x6c,
            0x6d,
            0x6e,
            0x6f,
            0x70,
            0x71,
            0x72,
            0x73,
            0x74,
            0x75,
            0x76,
            0x77,
            0x78,
            0x79,
            0x7a,
            0x7b,
            0x7c,
            0x7d,
            0x7e,
            0x7f -> { // PUSH
          final int width = b - 0x5f;
          stack[sp++] = program.immediate(pc, width);
          nextPc = pc + 1 + width;
        }
        case 0x80,
            0x81,
            0x82,
            0x83,
            0x84,
            0x85,
            0x86,
            0x87,
            0x88,
            0x89,
            0x8a,
            0x8b,
            0x8c,
            0x8d,
            0x8e,
            0x8f -> { // DUP
          stack[sp] = stack[sp - (b - 0x7f)];
          sp++;
        }
        case 0x90,
            0x91,
            0x92,
            0x93,
            0x94,
            0x95,
            0x96,
            0x97,
            0x98,
            0x99,
            0x9a,
            0x9b,
            0x9c,
            0x9d,
            0x9e,
            0x9f -> { // SWAP
          final int other = sp - 1 - (b - 0x8f);
          final Word top = stack[sp - 1];
          stack[sp - 1] = stack[other];
          stack[other] = top;
        }
        case 0xf3, 0xfd -> { // RETURN, REVERT
          final Word offset = stack[--sp];
          final Word length = stack[--sp];
          cost = memoryCost(memory, offset, length);
          if (cost == Long.MAX_VALUE || gas < cost) {
            return FrameResult.failed(Halt.OUT_OF_GAS, 0);
          }
          gas -= cost;
          expand(memory, offset, length);
          output =
              Bytes.wrap(memory.read(offset.lowLong(), length.isZero() ? 0 : length.lowLong()));
          halt = op == Opcode.RETURN ? Halt.RETURN : Halt.REVERT;
        }
        default -> {
          frame.sp = sp;
          frame.gas = gas;
          final Halt rare = rareInstruction(op, b, m, code, input, stack, memory, frame);
          if (rare != null && !rare.isSuccess()) {
            return FrameResult.failed(rare, 0);
          }
          sp = frame.sp;
          gas = frame.gas;
          halt = rare;
        }
      }
      if (tracer != null) {
        tracer.onOpcodeEnd(gasBefore - gas);
      }
      if (halt != null) {
        return new FrameResult(halt, gas, output, null);
      }
      pc = nextPc;
    }
  }

  /** What a frame's instructions change besides the stack: handed to the rare ones and back. */
  static final class FrameState {
    int sp;
    long gas;
    Bytes returnData = Bytes.EMPTY;
  }

  /**
   * The instructions contracts run seldom or that cost far more than a call, kept out of {@link
   * #execute}: C2 stops inlining into a method once its bytecode and what it has inlined pass 8,000
   * bytes, and with every instruction in the loop even ADD, MLOAD and the stack checks were left as
   * calls. Returns null to go on, SELFDESTRUCT to end the frame, or the halt that fails it.
   */
  @SuppressWarnings("fallthrough")
  private @Nullable Halt rareInstruction(
      final Opcode op,
      final int b,
      final Message m,
      final byte[] code,
      final byte[] input,
      final Word[] stack,
      final Memory memory,
      final FrameState frame) {
    final Address self = m.recipient();
    int sp = frame.sp;
    long gas = frame.gas;
    Halt halt = null;
    long cost;
    switch (op) {
      case SDIV -> stack[sp - 2] = stack[--sp].sdiv(stack[sp - 1]);
      case SMOD -> stack[sp - 2] = stack[--sp].smod(stack[sp - 1]);
      case ADDMOD -> {
        sp -= 2;
        stack[sp - 1] = Word.addmod(stack[sp + 1], stack[sp], stack[sp - 1]);
      }
      case MULMOD -> {
        sp -= 2;
        stack[sp - 1] = Word.mulmod(stack[sp + 1], stack[sp], stack[sp - 1]);
      }
      case EXP -> {
        final Word exponent = stack[sp - 2];
        cost = Gas.EXP_BYTE * exponent.byteLength();
        if (gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        stack[sp - 2] = stack[--sp].exp(exponent);
      }
      case BALANCE -> {
        final Address address = stack[sp - 1].toAddress();
        cost = accessCost(address);
        if (gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        stack[sp - 1] = Word.of(world.getBalance(address));
      }
      case ORIGIN -> stack[sp++] = Word.of(origin);
      case CALLDATACOPY, CODECOPY, RETURNDATACOPY -> {
        final Word destination = stack[--sp];
        final Word offset = stack[--sp];
        final Word length = stack[--sp];
        final byte[] source =
            op == Opcode.CALLDATACOPY
                ? input
                : op == Opcode.CODECOPY ? code : frame.returnData.toArray();
        if (op == Opcode.RETURNDATACOPY
            && (!offset.fitsLong()
                || !length.fitsLong()
                || offset.lowLong() > source.length
                || length.lowLong() > source.length - offset.lowLong())) {
          return Halt.RETURN_DATA_OUT_OF_BOUNDS;
        }
        cost = copyCost(memory, destination, length);
        if (cost == Long.MAX_VALUE || gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        expand(memory, destination, length);
        copyInto(memory, destination, source, offset, length);
      }
      case GASPRICE -> stack[sp++] = gasPrice;
      case EXTCODESIZE -> {
        final Address address = stack[sp - 1].toAddress();
        cost = accessCost(address);
        if (gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        stack[sp - 1] = Word.of(world.getCode(address).size());
      }
      case EXTCODECOPY -> {
        final Address address = stack[--sp].toAddress();
        final Word destination = stack[--sp];
        final Word offset = stack[--sp];
        final Word length = stack[--sp];
        cost = copyCost(memory, destination, length);
        if (cost != Long.MAX_VALUE) {
          cost += accessCost(address);
        }
        if (cost == Long.MAX_VALUE || gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        expand(memory, destination, length);
        copyInto(memory, destination, world.getCode(address).toArray(), offset, length);
      }
      case EXTCODEHASH -> {
        final Address address = stack[sp - 1].toAddress();
        cost = accessCost(address);
        if (gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        stack[sp - 1] = world.isEmpty(address) ? Word.ZERO : Word.of(world.getCodeHash(address));
      }
      case BLOCKHASH -> {
        final Word number = stack[sp - 1];
        final long current = block.number();
        if (number.fitsLong()
            && number.lowLong() < current
            && number.lowLong() >= Math.max(0, current - 256)) {
          stack[sp - 1] = Word.of(block.blockHashes().apply(number.lowLong()));
        } else {
          stack[sp - 1] = Word.ZERO;
        }
      }
      case COINBASE -> stack[sp++] = Word.of(block.coinbase());
      case TIMESTAMP -> stack[sp++] = Word.of(block.timestamp());
      case NUMBER -> stack[sp++] = Word.of(block.number());
      case PREVRANDAO -> stack[sp++] = block.prevRandao();
      case GASLIMIT -> stack[sp++] = Word.of(block.gasLimit());
      case CHAINID -> stack[sp++] = Word.of(block.chainId());
      case SELFBALANCE -> stack[sp++] = Word.of(world.getBalance(self));
      case BASEFEE -> stack[sp++] = Word.of(block.baseFee());
      case BLOBHASH -> stack[sp - 1] = Word.ZERO; // AMChain carries no blobs
      case BLOBBASEFEE -> stack[sp++] = Word.of(block.blobBaseFee());
      case TLOAD -> {
        stack[sp - 1] = substate.transientLoad(self, stack[sp - 1]);
      }
      case TSTORE -> {
        if (m.isStatic()) {
          return Halt.STATIC_STATE_CHANGE;
        }
        final Word slot = stack[--sp];
        substate.transientStore(self, slot, stack[--sp]);
      }
      case MCOPY -> {
        final Word destination = stack[--sp];
        final Word source = stack[--sp];
        final Word length = stack[--sp];
        final Word furthest = destination.compareTo(source) >= 0 ? destination : source;
        cost = copyCost(memory, furthest, length);
        if (cost == Long.MAX_VALUE || gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        expand(memory, furthest, length);
        if (!length.isZero()) {
          memory.copyWithin(destination.lowLong(), source.lowLong(), length.lowLong());
        }
      }
      case LOG -> {
        if (m.isStatic()) {
          return Halt.STATIC_STATE_CHANGE;
        }
        final int topicCount = b - 0xa0;
        final Word offset = stack[--sp];
        final Word length = stack[--sp];
        cost = memoryCost(memory, offset, length);
        if (cost != Long.MAX_VALUE && length.fitsLong() && length.lowLong() < MEMORY_LIMIT) {
          cost += Gas.LOG_TOPIC * topicCount + Gas.LOG_BYTE * length.lowLong();
        } else {
          cost = Long.MAX_VALUE;
        }
        if (cost == Long.MAX_VALUE || gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        expand(memory, offset, length);
        final Hash[] topics = new Hash[topicCount];
        for (int i = 0; i < topicCount; i++) {
          topics[i] = stack[--sp].toHash();
        }
        // List.of, not an ArrayList: Log keeps an immutable list as it is instead of copying it.
        final Log log =
            new Log(
                self, List.of(topics), Bytes.wrap(memory.read(offset.lowLong(), length.lowLong())));
        substate.addLog(log);
        if (tracer != null) {
          tracer.onLog(log, substate.logs().size() - 1);
        }
      }
      case CREATE, CREATE2 -> {
        frame.sp = sp;
        frame.gas = gas;
        final Halt failed = calls.createFromFrame(op, m, stack, memory, frame);
        if (failed != null) {
          return failed;
        }
        sp = frame.sp;
        gas = frame.gas;
      }
      case CALL, CALLCODE, DELEGATECALL, STATICCALL -> {
        frame.sp = sp;
        frame.gas = gas;
        final Halt failed = calls.callFromFrame(op, m, stack, memory, frame);
        if (failed != null) {
          return failed;
        }
        sp = frame.sp;
        gas = frame.gas;
      }
      case INVALID -> {
        return Halt.INVALID_OPCODE;
      }
      case SELFDESTRUCT -> {
        if (m.isStatic()) {
          return Halt.STATIC_STATE_CHANGE;
        }
        final Address beneficiary = stack[--sp].toAddress();
        cost = substate.warm(beneficiary) ? Gas.COLD_ACCOUNT_ACCESS : 0;
        final UInt256 balance = world.getBalance(self);
        if (!balance.isZero() && world.isEmpty(beneficiary)) {
          cost += Gas.SELFDESTRUCT_NEW_ACCOUNT;
        }
        if (gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        substate.selfDestruct(self, beneficiary, balance, fork.isAtLeast(Fork.CANCUN));
        if (tracer != null) {
          // geth reports the balance's move as a frame of its own, one deeper than this one.
          tracer.onEnter(
              m.depth() + 1, FrameKind.SELFDESTRUCT, self, beneficiary, Bytes.EMPTY, 0, balance);
          tracer.onExit(m.depth() + 1, Bytes.EMPTY, 0, Halt.STOP);
        }
        halt = Halt.SELFDESTRUCT;
      }
      case KECCAK256 -> {
        final Word offset = stack[--sp];
        final Word length = stack[sp - 1];
        cost = memoryCost(memory, offset, length);
        if (cost != Long.MAX_VALUE && length.fitsLong()) {
          cost += Gas.KECCAK_WORD * Gas.words(length.lowLong());
        }
        if (cost == Long.MAX_VALUE || gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        expand(memory, offset, length);
        stack[sp - 1] = Word.of(memory.hash(offset.lowLong(), length.lowLong()));
      }
      case ADDRESS -> stack[sp++] = Word.of(self);
      case CALLER -> stack[sp++] = Word.of(m.caller());
      case CALLVALUE -> stack[sp++] = m.value();
      case SLOAD -> {
        final Word slot = stack[sp - 1];
        cost = substate.warmSlot(self, slot) ? Gas.COLD_SLOAD : Gas.WARM_ACCESS;
        if (gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
        stack[sp - 1] = Word.of(world.getStorage(self, slot.toUInt256()));
      }
      case SSTORE -> {
        if (m.isStatic()) {
          return Halt.STATIC_STATE_CHANGE;
        }
        if (gas <= Gas.SSTORE_SENTRY) {
          return Halt.OUT_OF_GAS;
        }
        final Word slot = stack[--sp];
        final Word value = stack[--sp];
        cost = sstore(self, slot, value);
        if (gas < cost) {
          return Halt.OUT_OF_GAS;
        }
        gas -= cost;
      }
      default -> throw new IllegalStateException(op + " runs in the interpreter loop");
    }
    frame.sp = sp;
    frame.gas = gas;
    return halt;
  }

  long accessCost(final Address address) {
    return substate.warm(address) ? Gas.COLD_ACCOUNT_ACCESS : Gas.WARM_ACCESS;
  }

  /** EIP-2200 with EIP-2929's cold slots and EIP-3529's smaller refunds; applies the write. */
  private long sstore(final Address self, final Word slot, final Word value) {
    long cost = substate.warmSlot(self, slot) ? Gas.COLD_SLOAD : 0;
    final UInt256 key = slot.toUInt256();
    final UInt256 newValue = value.toUInt256();
    final UInt256 current = world.getStorage(self, key);
    final UInt256 original = world.getCommittedStorage(self, key);
    if (current.equals(newValue)) {
      cost += Gas.WARM_ACCESS;
    } else if (original.equals(current)) {
      if (original.isZero()) {
        cost += Gas.SSTORE_SET;
      } else {
        cost += Gas.SSTORE_RESET;
        if (newValue.isZero()) {
          substate.addRefund(Gas.SSTORE_CLEARS_REFUND);
        }
      }
    } else {
      cost += Gas.WARM_ACCESS;
      if (!original.isZero()) {
        if (current.isZero()) {
          substate.addRefund(-Gas.SSTORE_CLEARS_REFUND);
        } else if (newValue.isZero()) {
          substate.addRefund(Gas.SSTORE_CLEARS_REFUND);
        }
      }
      if (original.equals(newValue)) {
        substate.addRefund(
            original.isZero()
                ? Gas.SSTORE_SET - Gas.WARM_ACCESS
                : Gas.SSTORE_RESET - Gas.WARM_ACCESS);
      }
    }
    world.setStorage(self, key, newValue);
    return cost;
  }

  static Word bool(final boolean value) {
    return value ? Word.ONE : Word.ZERO;
  }

  /** The gas to grow memory over [offset, offset+length), or Long.MAX_VALUE if unpayable. */
  static long memoryCost(final Memory memory, final Word offset, final Word length) {
    if (length.isZero()) {
      return 0;
    }
    if (!offset.fitsLong()
        || !length.fitsLong()
        || offset.lowLong() >= MEMORY_LIMIT
        || length.lowLong() >= MEMORY_LIMIT) {
      return Long.MAX_VALUE;
    }
    final long end = offset.lowLong() + length.lowLong();
    if (end <= memory.size()) {
      return 0;
    }
    final long words = Gas.words(end);
    final long current = memory.words();
    return words <= current ? 0 : Gas.memoryCost(words) - Gas.memoryCost(current);
  }

  private static long copyCost(final Memory memory, final Word offset, final Word length) {
    final long expansion = memoryCost(memory, offset, length);
    if (expansion == Long.MAX_VALUE) {
      return expansion;
    }
    return expansion + Gas.COPY_WORD * Gas.words(length.lowLong());
  }

  static void expand(final Memory memory, final Word offset, final Word length) {
    if (!length.isZero()) {
      memory.ensure(offset.lowLong(), length.lowLong());
    }
  }

  private static void copyInto(
      final Memory memory,
      final Word destination,
      final byte[] source,
      final Word offset,
      final Word length) {
    if (length.isZero()) {
      return;
    }
    final long sourceOffset =
        offset.fitsLong() ? Math.min(offset.lowLong(), source.length) : source.length;
    memory.write(destination.lowLong(), source, sourceOffset, length.lowLong());
  }
}
