package io.amchain.vm;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * The EVM's 256-bit word: four longs, {@code w3} most significant, arithmetic modulo 2^256. The
 * common operations (add, sub, mul, comparisons, bit logic, shifts) stay in longs; the rare wide
 * divisions and modular products fall back to BigInteger. Benchmark before refactoring.
 */
public final class Word implements Comparable<Word> {
  public static final Word ZERO = new Word(0, 0, 0, 0);
  public static final Word ONE = new Word(0, 0, 0, 1);
  public static final Word MAX = new Word(-1, -1, -1, -1);
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
  private static final VarHandle BIG_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  final long w3;
  final long w2;
  final long w1;
  final long w0;

  public Word(final long w3, final long w2, final long w1, final long w0) {
    this.w3 = w3;
    this.w2 = w2;
    this.w1 = w1;
    this.w0 = w0;
  }

  /**
   * The words 0 to 255, shared: PUSH1 immediates, sizes and flags are most of the words a contract
   * creates, and sharing them spares the allocation.
   */
  private static final Word[] SMALL = new Word[256];

  static {
    SMALL[0] = ZERO;
    SMALL[1] = ONE;
    for (int i = 2; i < SMALL.length; i++) {
      SMALL[i] = new Word(0, 0, 0, i);
    }
  }

  public static Word of(final long value) {
    return value >= 0 && value < SMALL.length ? SMALL[(int) value] : new Word(0, 0, 0, value);
  }

  /** Big-endian bytes, at most 32 (shorter input is a smaller number). */
  public static Word fromBytes(final byte[] bytes, final int offset, final int length) {
    return new Word(
        limb(bytes, offset, length - 32, length - 24),
        limb(bytes, offset, length - 24, length - 16),
        limb(bytes, offset, length - 16, length - 8),
        limb(bytes, offset, length - 8, length));
  }

  /**
   * The long made of bytes [from, to) after {@code offset}, where {@code to - from} is 8 and a
   * negative {@code from} means the value has fewer bytes: those are zero.
   */
  private static long limb(final byte[] bytes, final int offset, final int from, final int to) {
    if (from >= 0) {
      return (long) BIG_ENDIAN.get(bytes, offset + from);
    }
    long value = 0;
    for (int i = 0; i < to; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xffL);
    }
    return value;
  }

  /**
   * PUSHn's immediate: {@code width} bytes of code from {@code start}, where bytes past the end of
   * the code read as zero (so the value is shifted, not truncated).
   */
  static Word fromCode(final byte[] code, final int start, final int width) {
    if (start + width <= code.length) {
      if (width <= 8) {
        long value = 0;
        for (int i = start; i < start + width; i++) {
          value = (value << 8) | (code[i] & 0xffL);
        }
        return of(value);
      }
      return fromBytes(code, start, width);
    }
    final byte[] padded = new byte[width];
    if (start < code.length) {
      System.arraycopy(code, start, padded, 0, code.length - start);
    }
    return fromBytes(padded, 0, width);
  }

  public static Word fromBytes(final Bytes bytes) {
    return fromBytes(bytes.toArray(), 0, bytes.size());
  }

  public static Word of(final UInt256 value) {
    return value.isZero()
        ? ZERO
        : new Word(value.limb(3), value.limb(2), value.limb(1), value.limb(0));
  }

  public static Word of(final Address address) {
    return fromBytes(address.bytes());
  }

  public static Word of(final Hash hash) {
    return fromBytes(hash.bytes());
  }

  public static Word of(final BigInteger value) {
    final BigInteger v = value.mod(MODULUS);
    return new Word(
        v.shiftRight(192).longValue(),
        v.shiftRight(128).longValue(),
        v.shiftRight(64).longValue(),
        v.longValue());
  }

  public BigInteger toBigInteger() {
    final byte[] out = new byte[33];
    writeTo(out, 1);
    return new BigInteger(out);
  }

  /** Two's complement reading. */
  public BigInteger toSignedBigInteger() {
    final byte[] out = new byte[32];
    writeTo(out, 0);
    return new BigInteger(out);
  }

  public static Word ofSigned(final BigInteger value) {
    return of(value);
  }

  public UInt256 toUInt256() {
    return UInt256.ofLimbs(w3, w2, w1, w0);
  }

  public Address toAddress() {
    final byte[] out = new byte[Address.SIZE];
    BIG_ENDIAN.set(out, 4, w1);
    BIG_ENDIAN.set(out, 12, w0);
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) (w2 >>> (24 - 8 * i));
    }
    return Address.of(Bytes.wrap(out));
  }

  public Hash toHash() {
    return Hash.of(toBytes());
  }

  public Bytes toBytes() {
    final byte[] out = new byte[32];
    writeTo(out, 0);
    return Bytes.wrap(out);
  }

  public void writeTo(final byte[] out, final int offset) {
    BIG_ENDIAN.set(out, offset, w3);
    BIG_ENDIAN.set(out, offset + 8, w2);
    BIG_ENDIAN.set(out, offset + 16, w1);
    BIG_ENDIAN.set(out, offset + 24, w0);
  }

  public boolean isZero() {
    return (w0 | w1 | w2 | w3) == 0;
  }

  /** Whether the value fits in 63 bits (a valid offset, size or gas amount). */
  public boolean fitsInt() {
    return w3 == 0 && w2 == 0 && w1 == 0 && w0 >= 0 && w0 <= Integer.MAX_VALUE;
  }

  public boolean fitsLong() {
    return w3 == 0 && w2 == 0 && w1 == 0 && w0 >= 0;
  }

  public int intValue() {
    return (int) w0;
  }

  public long lowLong() {
    return w0;
  }

  public boolean isNegative() {
    return w3 < 0;
  }

  public Word add(final Word o) {
    final long r0 = w0 + o.w0;
    long carry = Long.compareUnsigned(r0, w0) < 0 ? 1 : 0;
    final long t1 = w1 + o.w1;
    long c1 = Long.compareUnsigned(t1, w1) < 0 ? 1 : 0;
    final long r1 = t1 + carry;
    c1 |= Long.compareUnsigned(r1, t1) < 0 ? 1 : 0;
    final long t2 = w2 + o.w2;
    long c2 = Long.compareUnsigned(t2, w2) < 0 ? 1 : 0;
    final long r2 = t2 + c1;
    c2 |= Long.compareUnsigned(r2, t2) < 0 ? 1 : 0;
    final long r3 = w3 + o.w3 + c2;
    return new Word(r3, r2, r1, r0);
  }

  public Word negate() {
    return not().add(ONE);
  }

  public Word sub(final Word o) {
    final long r0 = w0 - o.w0;
    long borrow = Long.compareUnsigned(w0, o.w0) < 0 ? 1 : 0;
    final long t1 = w1 - o.w1;
    long b1 = Long.compareUnsigned(w1, o.w1) < 0 ? 1 : 0;
    final long r1 = t1 - borrow;
    b1 |= Long.compareUnsigned(t1, borrow) < 0 ? 1 : 0;
    final long t2 = w2 - o.w2;
    long b2 = Long.compareUnsigned(w2, o.w2) < 0 ? 1 : 0;
    final long r2 = t2 - b1;
    b2 |= Long.compareUnsigned(t2, b1) < 0 ? 1 : 0;
    final long r3 = w3 - o.w3 - b2;
    return new Word(r3, r2, r1, r0);
  }

  public Word mul(final Word o) {
    if (fitsLongUnsigned() && o.fitsLongUnsigned()) {
      return new Word(0, 0, unsignedMultiplyHigh(w0, o.w0), w0 * o.w0);
    }
    final long[] a = {w0, w1, w2, w3};
    final long[] b = {o.w0, o.w1, o.w2, o.w3};
    final long[] r = new long[4];
    for (int i = 0; i < 4; i++) {
      long carry = 0;
      if (a[i] == 0) {
        continue;
      }
      for (int j = 0; i + j < 4; j++) {
        final long lo = a[i] * b[j];
        final long hi = unsignedMultiplyHigh(a[i], b[j]);
        long sum = r[i + j] + lo;
        long nextCarry = hi + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
        final long withCarry = sum + carry;
        nextCarry += Long.compareUnsigned(withCarry, sum) < 0 ? 1 : 0;
        r[i + j] = withCarry;
        carry = nextCarry;
      }
    }
    return new Word(r[3], r[2], r[1], r[0]);
  }

  /** Java 17 lacks Math.unsignedMultiplyHigh: correct the signed high half for negative inputs. */
  private static long unsignedMultiplyHigh(final long a, final long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  public Word div(final Word o) {
    if (o.isZero()) {
      return ZERO;
    }
    if (fitsLongUnsigned() && o.fitsLongUnsigned()) {
      return of(Long.divideUnsigned(w0, o.w0));
    }
    return of(toBigInteger().divide(o.toBigInteger()));
  }

  public Word mod(final Word o) {
    if (o.isZero()) {
      return ZERO;
    }
    if (fitsLongUnsigned() && o.fitsLongUnsigned()) {
      return of(Long.remainderUnsigned(w0, o.w0));
    }
    return of(toBigInteger().mod(o.toBigInteger()));
  }

  private boolean fitsLongUnsigned() {
    return w3 == 0 && w2 == 0 && w1 == 0;
  }

  public Word sdiv(final Word o) {
    if (o.isZero()) {
      return ZERO;
    }
    final BigInteger q = toSignedBigInteger().divide(o.toSignedBigInteger()); // truncates
    return ofSigned(q);
  }

  public Word smod(final Word o) {
    if (o.isZero()) {
      return ZERO;
    }
    final BigInteger a = toSignedBigInteger();
    final BigInteger r = a.abs().mod(o.toSignedBigInteger().abs());
    return ofSigned(a.signum() < 0 ? r.negate() : r);
  }

  public static Word addmod(final Word a, final Word b, final Word n) {
    if (n.isZero()) {
      return ZERO;
    }
    return of(a.toBigInteger().add(b.toBigInteger()).mod(n.toBigInteger()));
  }

  public static Word mulmod(final Word a, final Word b, final Word n) {
    if (n.isZero()) {
      return ZERO;
    }
    return of(a.toBigInteger().multiply(b.toBigInteger()).mod(n.toBigInteger()));
  }

  public Word exp(final Word exponent) {
    Word result = ONE;
    Word base = this;
    final int bits = exponent.bitLength();
    for (int i = 0; i < bits; i++) {
      if (exponent.testBit(i)) {
        result = result.mul(base);
      }
      base = base.mul(base);
    }
    return result;
  }

  public int bitLength() {
    if (w3 != 0) {
      return 256 - Long.numberOfLeadingZeros(w3);
    }
    if (w2 != 0) {
      return 192 - Long.numberOfLeadingZeros(w2);
    }
    if (w1 != 0) {
      return 128 - Long.numberOfLeadingZeros(w1);
    }
    return 64 - Long.numberOfLeadingZeros(w0);
  }

  /** Bytes needed to write the value (EXP's gas). */
  public int byteLength() {
    return (bitLength() + 7) / 8;
  }

  public boolean testBit(final int bit) {
    return ((limb(bit / 64) >>> (bit % 64)) & 1) == 1;
  }

  private long limb(final int index) {
    return switch (index) {
      case 0 -> w0;
      case 1 -> w1;
      case 2 -> w2;
      default -> w3;
    };
  }

  public Word signExtend(final Word byteIndex) {
    if (!byteIndex.fitsLong() || byteIndex.w0 >= 31) {
      return this;
    }
    final int bit = (int) byteIndex.w0 * 8 + 7;
    final Word mask = ONE.shl(bit + 1).sub(ONE);
    return testBit(bit) ? or(mask.not()) : and(mask);
  }

  @Override
  public int compareTo(final Word o) {
    int c = Long.compareUnsigned(w3, o.w3);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(w2, o.w2);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(w1, o.w1);
    return c != 0 ? c : Long.compareUnsigned(w0, o.w0);
  }

  public int compareSigned(final Word o) {
    if (isNegative() != o.isNegative()) {
      return isNegative() ? -1 : 1;
    }
    return compareTo(o);
  }

  public Word and(final Word o) {
    final long r3 = w3 & o.w3;
    final long r2 = w2 & o.w2;
    final long r1 = w1 & o.w1;
    final long r0 = w0 & o.w0;
    // Solidity masks every address and narrow integer it loads, and the value mostly fits the
    // mask already: hand back that operand instead of an equal copy.
    if (r0 == o.w0 && r1 == o.w1 && r2 == o.w2 && r3 == o.w3) {
      return o;
    }
    if (r0 == w0 && r1 == w1 && r2 == w2 && r3 == w3) {
      return this;
    }
    return new Word(r3, r2, r1, r0);
  }

  public Word or(final Word o) {
    return new Word(w3 | o.w3, w2 | o.w2, w1 | o.w1, w0 | o.w0);
  }

  public Word xor(final Word o) {
    return new Word(w3 ^ o.w3, w2 ^ o.w2, w1 ^ o.w1, w0 ^ o.w0);
  }

  public Word not() {
    return new Word(~w3, ~w2, ~w1, ~w0);
  }

  /** BYTE: the i-th byte counting from the most significant. */
  public Word byteAt(final Word index) {
    if (!index.fitsLong() || index.w0 >= 32) {
      return ZERO;
    }
    final int i = (int) index.w0;
    final long limb = limb(3 - i / 8);
    return of((limb >>> (56 - 8 * (i % 8))) & 0xff);
  }

  public Word shl(final int shift) {
    if (shift >= 256) {
      return ZERO;
    }
    final int bits = shift & 63;
    return switch (shift >>> 6) {
      case 0 ->
          bits == 0
              ? this
              : new Word(
                  (w3 << bits) | (w2 >>> (64 - bits)),
                  (w2 << bits) | (w1 >>> (64 - bits)),
                  (w1 << bits) | (w0 >>> (64 - bits)),
                  w0 << bits);
      case 1 ->
          bits == 0
              ? new Word(w2, w1, w0, 0)
              : new Word(
                  (w2 << bits) | (w1 >>> (64 - bits)),
                  (w1 << bits) | (w0 >>> (64 - bits)),
                  w0 << bits,
                  0);
      case 2 ->
          bits == 0
              ? new Word(w1, w0, 0, 0)
              : new Word((w1 << bits) | (w0 >>> (64 - bits)), w0 << bits, 0, 0);
      default -> new Word(w0 << bits, 0, 0, 0);
    };
  }

  public Word shr(final int shift) {
    if (shift >= 256) {
      return ZERO;
    }
    final int bits = shift & 63;
    return switch (shift >>> 6) {
      case 0 ->
          bits == 0
              ? this
              : new Word(
                  w3 >>> bits,
                  (w2 >>> bits) | (w3 << (64 - bits)),
                  (w1 >>> bits) | (w2 << (64 - bits)),
                  (w0 >>> bits) | (w1 << (64 - bits)));
      case 1 ->
          bits == 0
              ? new Word(0, w3, w2, w1)
              : new Word(
                  0,
                  w3 >>> bits,
                  (w2 >>> bits) | (w3 << (64 - bits)),
                  (w1 >>> bits) | (w2 << (64 - bits)));
      case 2 ->
          bits == 0
              ? new Word(0, 0, w3, w2)
              : new Word(0, 0, w3 >>> bits, (w2 >>> bits) | (w3 << (64 - bits)));
      default -> new Word(0, 0, 0, w3 >>> bits);
    };
  }

  public Word sar(final int shift) {
    if (!isNegative()) {
      return shr(shift);
    }
    if (shift >= 256) {
      return MAX;
    }
    return shr(shift).or(MAX.shl(256 - shift).and(shift == 0 ? ZERO : MAX));
  }

  /** A shift amount from a word: anything at or above 256 behaves as 256. */
  public int shiftAmount() {
    return fitsLong() && w0 < 256 ? (int) w0 : 256;
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof Word o && w0 == o.w0 && w1 == o.w1 && w2 == o.w2 && w3 == o.w3;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(w0) * 31 + Long.hashCode(w1 ^ w2 ^ w3);
  }

  @Override
  public String toString() {
    return "0x" + toBigInteger().toString(16);
  }
}
