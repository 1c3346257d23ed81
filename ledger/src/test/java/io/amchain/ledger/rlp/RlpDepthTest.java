package io.amchain.ledger.rlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.types.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Crafted nesting must be refused as malformed input, never exhaust the decoder's stack. */
class RlpDepthTest {

  /** {@code depth} lists, each holding the next, the innermost empty; built without recursion. */
  private static Bytes nested(final int depth) {
    // The prefixes, innermost first: each list's payload is the whole of the list inside it.
    final List<byte[]> prefixes = new ArrayList<>(depth);
    int length = 0;
    for (int i = 0; i < depth; i++) {
      final byte[] prefix;
      if (length < 56) {
        prefix = new byte[] {(byte) (0xc0 + length)};
      } else {
        final int lengthBytes = 4 - Integer.numberOfLeadingZeros(length) / 8;
        prefix = new byte[1 + lengthBytes];
        prefix[0] = (byte) (0xf7 + lengthBytes);
        for (int b = 0; b < lengthBytes; b++) {
          prefix[lengthBytes - b] = (byte) (length >>> (8 * b));
        }
      }
      prefixes.add(prefix);
      length += prefix.length;
    }
    final ByteArrayOutputStream out = new ByteArrayOutputStream(length);
    for (int i = depth - 1; i >= 0; i--) {
      out.writeBytes(prefixes.get(i));
    }
    return Bytes.wrap(out.toByteArray());
  }

  private static int depthOf(final RlpItem item) {
    int depth = 0;
    RlpItem current = item;
    while (current instanceof RlpList list) {
      depth++;
      if (list.items().isEmpty()) {
        break;
      }
      current = list.items().get(0);
    }
    return depth;
  }

  @Test
  void decodesListsNestedToTheLimit() {
    assertEquals(Rlp.MAX_DEPTH, depthOf(Rlp.decode(nested(Rlp.MAX_DEPTH))));
  }

  @Test
  void refusesDeeperNestingAsMalformed() {
    final RlpException refused =
        assertThrows(RlpException.class, () -> Rlp.decode(nested(Rlp.MAX_DEPTH + 1)));
    assertTrue(refused.getMessage().contains("nested deeper"), refused.getMessage());
    // Deep enough to overflow any thread's stack in a decoder without a limit.
    assertThrows(RlpException.class, () -> Rlp.decode(nested(200_000)));
  }
}
