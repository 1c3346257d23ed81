package io.amchain.vm;

import io.amchain.ledger.types.Fork;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every instruction through Cancun, with what the interpreter's one generic pre-check needs: stack
 * items taken and pushed, the constant part of its gas, and the fork it arrived in. Forks are
 * deltas on this one table: an opcode is defined in a fork iff it arrived at or before it.
 */
public enum Opcode {
  STOP(0x00, 0, 0, Gas.ZERO),
  ADD(0x01, 2, 1, Gas.VERY_LOW),
  MUL(0x02, 2, 1, Gas.LOW),
  SUB(0x03, 2, 1, Gas.VERY_LOW),
  DIV(0x04, 2, 1, Gas.LOW),
  SDIV(0x05, 2, 1, Gas.LOW),
  MOD(0x06, 2, 1, Gas.LOW),
  SMOD(0x07, 2, 1, Gas.LOW),
  ADDMOD(0x08, 3, 1, Gas.MID),
  MULMOD(0x09, 3, 1, Gas.MID),
  EXP(0x0a, 2, 1, Gas.HIGH),
  SIGNEXTEND(0x0b, 2, 1, Gas.LOW),
  LT(0x10, 2, 1, Gas.VERY_LOW),
  GT(0x11, 2, 1, Gas.VERY_LOW),
  SLT(0x12, 2, 1, Gas.VERY_LOW),
  SGT(0x13, 2, 1, Gas.VERY_LOW),
  EQ(0x14, 2, 1, Gas.VERY_LOW),
  ISZERO(0x15, 1, 1, Gas.VERY_LOW),
  AND(0x16, 2, 1, Gas.VERY_LOW),
  OR(0x17, 2, 1, Gas.VERY_LOW),
  XOR(0x18, 2, 1, Gas.VERY_LOW),
  NOT(0x19, 1, 1, Gas.VERY_LOW),
  BYTE(0x1a, 2, 1, Gas.VERY_LOW),
  SHL(0x1b, 2, 1, Gas.VERY_LOW),
  SHR(0x1c, 2, 1, Gas.VERY_LOW),
  SAR(0x1d, 2, 1, Gas.VERY_LOW),
  KECCAK256(0x20, 2, 1, 30),
  ADDRESS(0x30, 0, 1, Gas.BASE),
  BALANCE(0x31, 1, 1, 0),
  ORIGIN(0x32, 0, 1, Gas.BASE),
  CALLER(0x33, 0, 1, Gas.BASE),
  CALLVALUE(0x34, 0, 1, Gas.BASE),
  CALLDATALOAD(0x35, 1, 1, Gas.VERY_LOW),
  CALLDATASIZE(0x36, 0, 1, Gas.BASE),
  CALLDATACOPY(0x37, 3, 0, Gas.VERY_LOW),
  CODESIZE(0x38, 0, 1, Gas.BASE),
  CODECOPY(0x39, 3, 0, Gas.VERY_LOW),
  GASPRICE(0x3a, 0, 1, Gas.BASE),
  EXTCODESIZE(0x3b, 1, 1, 0),
  EXTCODECOPY(0x3c, 4, 0, 0),
  RETURNDATASIZE(0x3d, 0, 1, Gas.BASE),
  RETURNDATACOPY(0x3e, 3, 0, Gas.VERY_LOW),
  EXTCODEHASH(0x3f, 1, 1, 0),
  BLOCKHASH(0x40, 1, 1, 20),
  COINBASE(0x41, 0, 1, Gas.BASE),
  TIMESTAMP(0x42, 0, 1, Gas.BASE),
  NUMBER(0x43, 0, 1, Gas.BASE),
  PREVRANDAO(0x44, 0, 1, Gas.BASE),
  GASLIMIT(0x45, 0, 1, Gas.BASE),
  CHAINID(0x46, 0, 1, Gas.BASE),
  SELFBALANCE(0x47, 0, 1, Gas.LOW),
  BASEFEE(0x48, 0, 1, Gas.BASE, Fork.LONDON),
  BLOBHASH(0x49, 1, 1, Gas.VERY_LOW, Fork.CANCUN),
  BLOBBASEFEE(0x4a, 0, 1, Gas.BASE, Fork.CANCUN),
  POP(0x50, 1, 0, Gas.BASE),
  MLOAD(0x51, 1, 1, Gas.VERY_LOW),
  MSTORE(0x52, 2, 0, Gas.VERY_LOW),
  MSTORE8(0x53, 2, 0, Gas.VERY_LOW),
  SLOAD(0x54, 1, 1, 0),
  SSTORE(0x55, 2, 0, 0),
  JUMP(0x56, 1, 0, Gas.MID),
  JUMPI(0x57, 2, 0, Gas.HIGH),
  PC(0x58, 0, 1, Gas.BASE),
  MSIZE(0x59, 0, 1, Gas.BASE),
  GAS(0x5a, 0, 1, Gas.BASE),
  JUMPDEST(0x5b, 0, 0, Gas.JUMPDEST),
  TLOAD(0x5c, 1, 1, 100, Fork.CANCUN),
  TSTORE(0x5d, 2, 0, 100, Fork.CANCUN),
  MCOPY(0x5e, 3, 0, Gas.VERY_LOW, Fork.CANCUN),
  PUSH0(0x5f, 0, 1, Gas.BASE, Fork.SHANGHAI),
  PUSH(0x60, 0, 1, Gas.VERY_LOW), // PUSH1..PUSH32 share one entry; the byte gives the width
  DUP(0x80, 0, 1, Gas.VERY_LOW), // DUP1..DUP16: stack needs are per byte, see stackIn()
  SWAP(0x90, 0, 0, Gas.VERY_LOW), // SWAP1..SWAP16
  LOG(0xa0, 2, 0, 375), // LOG0..LOG4: plus topics
  CREATE(0xf0, 3, 1, 32_000),
  CALL(0xf1, 7, 1, 0),
  CALLCODE(0xf2, 7, 1, 0),
  RETURN(0xf3, 2, 0, Gas.ZERO),
  DELEGATECALL(0xf4, 6, 1, 0),
  CREATE2(0xf5, 4, 1, 32_000),
  STATICCALL(0xfa, 6, 1, 0),
  REVERT(0xfd, 2, 0, Gas.ZERO),
  INVALID(0xfe, 0, 0, Gas.ZERO),
  SELFDESTRUCT(0xff, 1, 0, 5_000);

  private final int code;
  private final int stackIn;
  private final int stackOut;
  private final long gas;
  private final Fork since;

  Opcode(final int code, final int stackIn, final int stackOut, final long gas) {
    this(code, stackIn, stackOut, gas, Fork.BERLIN);
  }

  Opcode(final int code, final int stackIn, final int stackOut, final long gas, final Fork since) {
    this.code = code;
    this.stackIn = stackIn;
    this.stackOut = stackOut;
    this.gas = gas;
    this.since = since;
  }

  /** Per-fork lookup tables from byte to instruction; null marks an undefined byte. */
  private static final Map<Fork, Opcode[]> TABLES = new EnumMap<>(Fork.class);

  static {
    for (final Fork fork : Fork.values()) {
      final Opcode[] table = new Opcode[256];
      for (final Opcode op : values()) {
        if (!fork.isAtLeast(op.since)) {
          continue;
        }
        final int width = op == PUSH ? 32 : (op == DUP || op == SWAP) ? 16 : op == LOG ? 5 : 1;
        for (int i = 0; i < width; i++) {
          if (table[op.code + i] != null) {
            throw new IllegalStateException("opcode table overlap at " + (op.code + i));
          }
          table[op.code + i] = op;
        }
      }
      // INVALID is the designated invalid instruction: it is "defined" but always halts.
      TABLES.put(fork, table);
    }
  }

  static @Nullable Opcode[] table(final Fork fork) {
    return java.util.Objects.requireNonNull(TABLES.get(fork));
  }

  public int code() {
    return code;
  }

  /**
   * The generic pre-check's two bounds per byte, looked up rather than derived from the instruction
   * on each step: the interpreter's loop pays for every instruction.
   */
  private static final int[] STACK_IN = new int[256];

  private static final int[] STACK_MAX_BEFORE = new int[256];

  static {
    for (final Opcode op : values()) {
      final int width = op == PUSH ? 32 : (op == DUP || op == SWAP) ? 16 : op == LOG ? 5 : 1;
      for (int b = op.code; b < op.code + width; b++) {
        final int in =
            switch (op) {
              case DUP -> b - 0x80 + 1;
              case SWAP -> b - 0x90 + 2;
              case LOG -> 2 + b - 0xa0;
              default -> op.stackIn;
            };
        final int growth =
            switch (op) {
              case DUP -> 1;
              case SWAP -> 0;
              case LOG -> -(2 + b - 0xa0);
              default -> op.stackOut - op.stackIn;
            };
        STACK_IN[b] = in;
        STACK_MAX_BEFORE[b] = Gas.STACK_LIMIT - growth;
      }
    }
  }

  /** Stack items this byte takes (DUPn needs n, SWAPn needs n+1, LOGn needs 2+n). */
  static int stackIn(final int b) {
    return STACK_IN[b];
  }

  /** The deepest stack this byte may start from without overflowing. */
  static int stackMaxBefore(final int b) {
    return STACK_MAX_BEFORE[b];
  }

  long gas() {
    return gas;
  }

  /** The mnemonic of one byte, as EIP-3155 traces print it. */
  static String name(final Opcode op, final int b) {
    return switch (op) {
      case PUSH -> "PUSH" + (b - 0x5f);
      case DUP -> "DUP" + (b - 0x7f);
      case SWAP -> "SWAP" + (b - 0x8f);
      case LOG -> "LOG" + (b - 0xa0);
      default -> op.name();
    };
  }
}
