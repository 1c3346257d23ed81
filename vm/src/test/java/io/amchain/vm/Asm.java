package io.amchain.vm;

import io.amchain.ledger.types.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny EVM assembler for test contracts: opcodes from {@link Opcode}, pushes, and labels for
 * jumps. The vm's test-jar carries it to the tests of the modules above.
 */
public final class Asm {
  private final ByteArrayOutputStream code = new ByteArrayOutputStream();
  private final Map<String, Integer> labels = new HashMap<>();
  private final List<Map.Entry<Integer, String>> jumps = new ArrayList<>();

  /** A one-byte instruction; the families that need a width have their own methods. */
  public Asm op(final Opcode opcode) {
    if (opcode == Opcode.PUSH || opcode == Opcode.DUP || opcode == Opcode.LOG) {
      throw new IllegalArgumentException(opcode + " needs its width: use push, dup or log");
    }
    code.write(opcode.code());
    return this;
  }

  /** DUPn, {@code n} from 1 to 16. */
  public Asm dup(final int n) {
    return family(Opcode.DUP, n - 1, 15);
  }

  /** LOGn with {@code topics} from 0 to 4. */
  public Asm log(final int topics) {
    return family(Opcode.LOG, topics, 4);
  }

  private Asm family(final Opcode first, final int offset, final int most) {
    if (offset < 0 || offset > most) {
      throw new IllegalArgumentException(first + " has no member " + offset + " past its first");
    }
    code.write(first.code() + offset);
    return this;
  }

  /** PUSHn of the value's minimal big-endian bytes (at least one). */
  public Asm push(final long value) {
    final Bytes bytes = Bytes.minimal(value);
    return push(bytes.isEmpty() ? Bytes.of((byte) 0) : bytes);
  }

  /** PUSHn of {@code value}, n its size (1 to 32). */
  public Asm push(final Bytes value) {
    if (value.isEmpty() || value.size() > 32) {
      throw new IllegalArgumentException("PUSH takes 1 to 32 bytes, not " + value.size());
    }
    code.write(Opcode.PUSH.code() - 1 + value.size());
    code.writeBytes(value.toArray());
    return this;
  }

  /** PUSH2 of a label's position, filled in by {@link #build}. */
  public Asm pushLabel(final String label) {
    code.write(Opcode.PUSH.code() + 1);
    jumps.add(Map.entry(code.size(), label));
    code.writeBytes(new byte[2]);
    return this;
  }

  /** A jump destination. */
  public Asm label(final String label) {
    labels.put(label, code.size());
    return op(Opcode.JUMPDEST);
  }

  public Bytes build() {
    final byte[] out = code.toByteArray();
    for (final Map.Entry<Integer, String> jump : jumps) {
      final Integer target = labels.get(jump.getValue());
      if (target == null) {
        throw new IllegalStateException("no label " + jump.getValue());
      }
      out[jump.getKey()] = (byte) (target >> 8);
      out[jump.getKey() + 1] = (byte) target.intValue();
    }
    return Bytes.wrap(out);
  }

  /** Init code that deploys {@code runtime}: copy it to memory and return it. */
  public static Bytes deployment(final Bytes runtime) {
    final int prefix = 15;
    final Bytes length = Bytes.of((byte) (runtime.size() >> 8), (byte) runtime.size());
    return new Asm()
        .push(length)
        .push(Bytes.of((byte) 0, (byte) prefix))
        .push(0)
        .op(Opcode.CODECOPY)
        .push(length)
        .push(0)
        .op(Opcode.RETURN)
        .build()
        .concat(runtime);
  }
}
