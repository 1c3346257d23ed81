package io.amchain.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The long-based word agrees with BigInteger arithmetic modulo 2^256 on random operands. */
class WordTest {
  private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);
  private final Random random = new Random(42);

  private BigInteger randomValue() {
    final int bits =
        switch (random.nextInt(4)) {
          case 0 -> 64;
          case 1 -> 128;
          case 2 -> 255;
          default -> 256;
        };
    return new BigInteger(bits, random);
  }

  @Test
  void arithmeticMatchesBigInteger() {
    for (int i = 0; i < 2_000; i++) {
      final BigInteger a = randomValue();
      final BigInteger b = randomValue();
      final Word x = Word.of(a);
      final Word y = Word.of(b);
      assertEquals(a.add(b).mod(MOD), x.add(y).toBigInteger());
      assertEquals(a.subtract(b).mod(MOD), x.sub(y).toBigInteger());
      assertEquals(a.multiply(b).mod(MOD), x.mul(y).toBigInteger());
      assertEquals(b.signum() == 0 ? BigInteger.ZERO : a.divide(b), x.div(y).toBigInteger());
      assertEquals(b.signum() == 0 ? BigInteger.ZERO : a.mod(b), x.mod(y).toBigInteger());
      assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(x.compareTo(y)));
      final int shift = random.nextInt(300);
      assertEquals(a.shiftLeft(shift).mod(MOD), x.shl(shift).toBigInteger());
      assertEquals(a.shiftRight(shift), x.shr(shift).toBigInteger());
      assertEquals(
          x.toSignedBigInteger().shiftRight(Math.min(shift, 256)).mod(MOD),
          x.sar(shift).toBigInteger());
      assertEquals(a.modPow(BigInteger.valueOf(shift), MOD), x.exp(Word.of(shift)).toBigInteger());
    }
  }

  @Test
  void signedOperations() {
    final Word minusSeven = Word.of(BigInteger.valueOf(-7));
    final Word two = Word.of(2);
    assertEquals(BigInteger.valueOf(-3), minusSeven.sdiv(two).toSignedBigInteger());
    assertEquals(BigInteger.valueOf(-1), minusSeven.smod(two).toSignedBigInteger());
    assertEquals(-1, minusSeven.compareSigned(two));
    assertEquals(Word.MAX, Word.of(0xff).signExtend(Word.ZERO));
    assertEquals(Word.of(0x7f), Word.of(0x7f).signExtend(Word.ZERO));
  }

  @Test
  void bytesRoundTrip() {
    final Word value = Word.of(randomValue());
    assertEquals(value, Word.fromBytes(value.toBytes()));
    assertEquals(Word.of(0xab), Word.fromBytes(new byte[] {(byte) 0xab}, 0, 1));
    assertEquals(Word.of(0x12), Word.of(0x1234).byteAt(Word.of(30)));
  }
}
