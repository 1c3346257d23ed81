package io.amchain.ledger.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Random;
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

  /** The four-long form agrees with BigInteger on random values of every width. */
  @Test
  void agreesWithBigInteger() {
    final Random random = new Random(7);
    final BigInteger limit = BigInteger.ONE.shiftLeft(256);
    for (int i = 0; i < 2_000; i++) {
      final BigInteger a = new BigInteger(1 + random.nextInt(256), random);
      final BigInteger b = new BigInteger(1 + random.nextInt(256), random);
      final UInt256 x = UInt256.of(a);
      final UInt256 y = UInt256.of(b);
      assertEquals(a, x.toBigInteger());
      assertEquals(x, UInt256.fromBytes(Bytes.wrap(a.toByteArray()).trimLeadingZeros()));
      assertEquals(x, UInt256.fromBytes(x.toMinimalBytes()));
      assertEquals(x, UInt256.ofLimbs(x.limb(3), x.limb(2), x.limb(1), x.limb(0)));
      assertEquals(a.bitLength(), x.bitLength());
      assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(x.compareTo(y)));
      assertEquals("0x" + a.toString(16), x.toQuantity());
      assertEquals(a.toString(), x.toString());
      final BigInteger sum = a.add(b);
      if (sum.compareTo(limit) < 0) {
        assertEquals(sum, x.add(y).toBigInteger());
      } else {
        assertThrows(ArithmeticException.class, () -> x.add(y));
      }
      if (a.compareTo(b) >= 0) {
        assertEquals(a.subtract(b), x.subtract(y).toBigInteger());
      } else {
        assertThrows(ArithmeticException.class, () -> x.subtract(y));
      }
      final BigInteger product = a.multiply(b);
      if (product.compareTo(limit) < 0) {
        assertEquals(product, x.multiply(y).toBigInteger());
      } else {
        assertThrows(ArithmeticException.class, () -> x.multiply(y));
      }
      assertEquals(a.divide(b.max(BigInteger.ONE)), x.divide(y.max(UInt256.ONE)).toBigInteger());
      assertEquals(a.bitLength() <= 63, x.fitsLong());
    }
    assertEquals(UInt256.MAX, UInt256.of(limit.subtract(BigInteger.ONE)));
    assertEquals(UInt256.ONE, UInt256.MAX.subtract(UInt256.MAX.subtract(UInt256.ONE)));
  }
}
