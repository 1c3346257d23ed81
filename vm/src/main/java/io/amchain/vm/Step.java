package io.amchain.vm;

import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import org.jspecify.annotations.Nullable;

/**
 * One instruction as a {@link Tracer} sees it before it runs. One object per frame, refilled for
 * each instruction, so that tracing allocates nothing per step it does not copy.
 */
public final class Step {
  private final Message message;
  private final Memory memory;
  private final WorldState state;
  private int pc;
  private int opcode;
  private @Nullable Opcode op;
  private long gas;
  private long refund;
  private Word[] stack = new Word[0];
  private int stackSize;
  private Bytes returnData = Bytes.EMPTY;

  Step(final Message message, final Memory memory, final WorldState state) {
    this.message = message;
    this.memory = memory;
    this.state = state;
  }

  void set(
      final int pc,
      final int opcode,
      final @Nullable Opcode op,
      final long gas,
      final long refund,
      final Word[] stack,
      final int stackSize,
      final Bytes returnData) {
    this.pc = pc;
    this.opcode = opcode;
    this.op = op;
    this.gas = gas;
    this.refund = refund;
    this.stack = stack;
    this.stackSize = stackSize;
    this.returnData = returnData;
  }

  public int pc() {
    return pc;
  }

  /** The instruction's byte. */
  public int opcode() {
    return opcode;
  }

  /** The name geth prints: {@code PUSH1}, {@code SLOAD}; {@code opcode 0xc not defined}. */
  public String opName() {
    final Opcode known = op;
    return known == null
        ? "opcode 0x" + Integer.toHexString(opcode) + " not defined"
        : Opcode.name(known, opcode);
  }

  /** The gas the instruction's constant part takes (0 for an undefined byte). */
  public long constantGas() {
    final Opcode known = op;
    return known == null ? 0 : known.gas();
  }

  /** The frame's gas before the instruction. */
  public long gas() {
    return gas;
  }

  /** 1 for the transaction's frame, as geth counts. */
  public int depth() {
    return message.depth() + 1;
  }

  /** The refund counter so far. */
  public long refund() {
    return refund;
  }

  public int stackSize() {
    return stackSize;
  }

  /** How many items the instruction takes from the stack. */
  public int stackRequired() {
    return Opcode.stackIn(opcode);
  }

  /** The most items the stack may hold before the instruction (geth's maxStack). */
  public int stackLimit() {
    return Opcode.stackMaxBefore(opcode);
  }

  /** A stack item, 0 the bottom. */
  public Word stackItem(final int index) {
    return stack[index];
  }

  /** A stack item from the top, 0 the top. */
  public Word peek(final int fromTop) {
    return stack[stackSize - 1 - fromTop];
  }

  public long memorySize() {
    return memory.size();
  }

  /** A copy of the frame's memory. */
  public Bytes memory() {
    return Bytes.wrap(memory.read(0, memory.size()));
  }

  /** What the last call or creation of this frame returned. */
  public Bytes returnData() {
    return returnData;
  }

  /** The account whose storage the frame runs in. */
  public Address address() {
    return message.recipient();
  }

  /** The state as the instruction finds it; read only. */
  public WorldState state() {
    return state;
  }
}
