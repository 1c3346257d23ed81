package io.amchain.ledger.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HexAndBytesTest {

  @Test
  void roundTripsWithAndWithoutPrefix() {
    assertEquals("0x00ff10", Bytes.fromHex("0x00FF10").toHex());
    assertEquals(Bytes.fromHex("00ff10"), Bytes.fromHex("0x00ff10"));
    assertEquals(Bytes.EMPTY, Bytes.fromHex("0x"));
  }

  @Test
  void rejectsOddLengthAndBadDigitsWithTheReason() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("0xabc"))
            .getMessage()
            .contains("odd number of digits"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("0xzz"))
            .getMessage()
            .contains("invalid hex character 'z'"));
  }

  @Test
  void isImmutable() {
    final byte[] source = {1, 2, 3};
    final Bytes bytes = Bytes.of(source);
    source[0] = 9;
    final byte[] copy = bytes.toArray();
    copy[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, bytes.toArray());
  }

  @Test
  void minimalScalarsHaveNoLeadingZeros() {
    assertEquals(Bytes.EMPTY, Bytes.minimal(0));
    assertEquals(Bytes.fromHex("0x0400"), Bytes.minimal(1024));
    assertEquals(Bytes.fromHex("0xffffffffffffffff"), Bytes.minimal(-1L));
  }

  @Test
  void padsTrimsAndCompares() {
    assertEquals(Bytes.fromHex("0x000001"), Bytes.fromHex("0x01").leftPad(3));
    assertEquals(Bytes.fromHex("0x01"), Bytes.fromHex("0x000001").trimLeadingZeros());
    assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("0x010203").leftPad(2));
    assertTrue(Bytes.fromHex("0x80").compareTo(Bytes.fromHex("0x7f")) > 0);
    assertNotEquals(Bytes.fromHex("0x00"), Bytes.EMPTY);
  }

  @Test
  void keccakIsNotNistSha3() {
    assertEquals(
        "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        io.amchain.ledger.types.Keccak.EMPTY.toHex());
  }
}
