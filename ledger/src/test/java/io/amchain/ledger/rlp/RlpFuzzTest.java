package io.amchain.ledger.rlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.amchain.ledger.types.Bytes;

/**
 * Fuzz target for the RLP decoder (docs/fuzzing.md). Property: any bytes either decode or are
 * refused with an {@link RlpException}, never another exception or error; what decodes is
 * canonical, so encoding it again gives the input back byte for byte, and the stream readers agree
 * with the whole-input reader. Seeds: {@code RlpFuzzTestInputs/}, from RLPTests.
 */
class RlpFuzzTest {
  @FuzzTest
  void decodeRefusesOrRoundTrips(final byte[] input) {
    final Bytes bytes = Bytes.wrap(input);
    final RlpItem item;
    try {
      item = Rlp.decode(bytes);
    } catch (RlpException refused) {
      return;
    }
    assertEquals(bytes, Rlp.encode(item), "a decoded item encodes back to its input");
    assertEquals(input.length, Rlp.itemLength(input, 0), "itemLength spans the whole item");
    if (item instanceof RlpList list && list.size() > 0) {
      assertEquals(Rlp.encode(list.get(0)), Rlp.firstListElement(input), "firstListElement");
    }
  }
}
