package io.amchain.ledger.rlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.amchain.ledger.types.Bytes;
import org.junit.jupiter.api.Test;

class RlpFirstElementTest {

  private static RlpItem bytes(final int size) {
    return RlpItem.of(Bytes.wrap(new byte[size]));
  }

  @Test
  void takesTheFirstElementOfShortAndLongListsAsItsEncoding() {
    final RlpItem header = RlpItem.list(bytes(32), bytes(70), RlpItem.list(bytes(3)));
    final RlpItem block = RlpItem.list(header, RlpItem.list(bytes(5000)), RlpItem.list());
    assertEquals(Rlp.encode(header), Rlp.firstListElement(Rlp.encode(block).toArray()));

    final RlpItem small = RlpItem.list(bytes(1), bytes(2));
    assertEquals(Rlp.encode(bytes(1)), Rlp.firstListElement(Rlp.encode(small).toArray()));
  }

  @Test
  void refusesWhatIsNotANonEmptyListWithAWholeFirstElement() {
    assertThrows(RlpException.class, () -> Rlp.firstListElement(Rlp.encode(bytes(4)).toArray()));
    assertThrows(RlpException.class, () -> Rlp.firstListElement(new byte[] {(byte) 0xc0}));
    // A list of 2 bytes whose first element takes 3.
    assertThrows(
        RlpException.class,
        () -> Rlp.firstListElement(new byte[] {(byte) 0xc2, (byte) 0x82, 1, 2}));
    assertThrows(RlpException.class, () -> Rlp.firstListElement(new byte[0]));
  }
}
