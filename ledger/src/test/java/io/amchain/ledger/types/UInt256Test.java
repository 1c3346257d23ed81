package io.amchain.ledger.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class UInt256Test {

  @Test
  void arithmeticIsCheckedNotWrapping() {
    assertThrows(ArithmeticException.class, () -> UInt256.MAX.add(UInt256.ONE));
    assertThrows(ArithmeticException.class, () -> UInt256.ZERO.subtract(UInt256.ONE));
    assertEquals(UInt256.of(5), UInt256.of(7).subtract(UInt256.of(2)));
  }

  @Test
  void rejectsValuesOutsideTheRange() {
    assertThrows(IllegalArgumentException.class, () -> UInt256.of(-1));
    assertThrows(IllegalArgumentException.class, () -> UInt256.of(BigInteger.ONE.shiftLeft(256)));
    assertThrows(IllegalArgumentException.class, () -> UInt256.fromBytes(Bytes.wrap(new byte[33])));
  }

  @Test
  void parsesHexAndDecimalAndPrintsQuantities() {
    assertEquals(UInt256.of(255), UInt256.parse("0xff"));
    assertEquals(UInt256.of(255), UInt256.parse("255"));
    assertEquals("0x0", UInt256.ZERO.toQuantity());
    assertEquals("0x400", UInt256.of(1024).toQuantity());
    assertThrows(IllegalArgumentException.class, () -> UInt256.parse("0xfg"));
  }

  @Test
  void bytesForms() {
    assertEquals(Bytes.EMPTY, UInt256.ZERO.toMinimalBytes());
    assertEquals(Bytes.fromHex("0x80"), UInt256.of(128).toMinimalBytes());
    assertEquals(32, UInt256.MAX.toBytes32().size());
    assertEquals(UInt256.MAX, UInt256.fromBytes(UInt256.MAX.toBytes32()));
  }
}
