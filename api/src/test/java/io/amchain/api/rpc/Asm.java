package io.amchain.api.rpc;

import io.amchain.ledger.types.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tiny EVM assembler for test contracts: opcodes, pushes, and labels for jumps. */
final class Asm {
  static final int STOP = 0x00;
  static final int EQ = 0x14;
  static final int SHR = 0x1c;
  static final int CALLER = 0x33;
  static final int CALLDATALOAD = 0x35;
  static final int CODECOPY = 0x39;
  static final int MSTORE = 0x52;
  static final int SLOAD = 0x54;
  static final int SSTORE = 0x55;
  static final int JUMPI = 0x57;
  static final int JUMPDEST = 0x5b;
  static final int DUP1 = 0x80;
  static final int LOG2 = 0xa2;
  static final int RETURN = 0xf3;
  static final int REVERT = 0xfd;
  static final int INVALID = 0xfe;

  private final ByteArrayOutputStream code = new ByteArrayOutputStream();
  private final Map<String, Integer> labels = new HashMap<>();
  private final List<Map.Entry<Integer, String>> jumps = new ArrayList<>();

  Asm op(final int opcode) {
    code.write(opcode);
    return this;
  }

  /** PUSHn of the value's minimal big-endian bytes (at least one). */
  Asm push(final long value) {
    final Bytes bytes = Bytes.minimal(value);
    return push(bytes.isEmpty() ? Bytes.of((byte) 0) : bytes);
  }

  Asm push(final Bytes value) {
    code.write(0x5f + value.size());
    code.writeBytes(value.toArray());
    return this;
  }

  /** PUSH2 of a label's position, filled in by {@link #build}. */
  Asm pushLabel(final String label) {
    code.write(0x61);
    jumps.add(Map.entry(code.size(), label));
    code.writeBytes(new byte[2]);
    return this;
  }

  /** A jump destination. */
  Asm label(final String label) {
    labels.put(label, code.size());
    return op(JUMPDEST);
  }

  Bytes build() {
    final byte[] out = code.toByteArray();
    for (final Map.Entry<Integer, String> jump : jumps) {
      final int target = labels.get(jump.getValue());
      out[jump.getKey()] = (byte) (target >> 8);
      out[jump.getKey() + 1] = (byte) target;
    }
    return Bytes.wrap(out);
  }

  /** Init code that deploys {@code runtime}: copy it to memory and return it. */
  static Bytes deployment(final Bytes runtime) {
    final int prefix = 15;
    final Bytes length = Bytes.of((byte) (runtime.size() >> 8), (byte) runtime.size());
    return new Asm()
        .push(length)
        .push(Bytes.of((byte) 0, (byte) prefix))
        .push(0)
        .op(CODECOPY)
        .push(length)
        .push(0)
        .op(RETURN)
        .build()
        .concat(runtime);
  }
}
