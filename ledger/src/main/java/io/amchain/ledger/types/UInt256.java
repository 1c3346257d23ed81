package io.amchain.ledger.types;

import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * An unsigned 256-bit integer for values that cross the ledger: balances and amounts in wei, fees,
 * difficulties. Arithmetic is checked: a result outside [0, 2^256) throws {@link
 * ArithmeticException} instead of wrapping, because a wrapped balance is a minted coin. (The EVM's
 * wrapping word arithmetic lives in {@code vm}, on its own fast type.)
 *
 * <p>Held as four longs, not a BigInteger: every storage slot and value the EVM reads or writes
 * passes through this type as a map key or value, so conversions, hashing and comparisons stay
 * allocation-free; the rare products and quotients go through BigInteger.
 */
public final class UInt256 implements Comparable<UInt256> {
  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(256);

  public static final UInt256 ZERO = new UInt256(0, 0, 0, 0);
  public static final UInt256 ONE = new UInt256(0, 0, 0, 1);
  public static final UInt256 MAX = new UInt256(-1, -1, -1, -1);

  /** Limbs, {@code u3} most significant, each read as unsigned. */
  private final long u3;

  private final long u2;
  private final long u1;
  private final long u0;

  private UInt256(final long u3, final long u2, final long u1, final long u0) {
    this.u3 = u3;
    this.u2 = u2;
    this.u1 = u1;
    this.u0 = u0;
  }

  public static UInt256 of(final long value) {
    if (value < 0) {
      throw new IllegalArgumentException("UInt256 cannot be negative: " + value);
    }
    return value == 0 ? ZERO : new UInt256(0, 0, 0, value);
  }

  public static UInt256 of(final BigInteger value) {
    if (value.signum() < 0 || value.compareTo(LIMIT) >= 0) {
      throw new IllegalArgumentException("value out of the 256-bit unsigned range: " + value);
    }
    return new UInt256(
        value.shiftRight(192).longValue(),
        value.shiftRight(128).longValue(),
        value.shiftRight(64).longValue(),
        value.longValue());
  }

  /**
   * The value whose 64-bit limbs, most significant first, are the given longs read as unsigned: how
   * the EVM's word type crosses over without going through bytes.
   */
  public static UInt256 ofLimbs(final long u3, final long u2, final long u1, final long u0) {
    return (u3 | u2 | u1 | u0) == 0 ? ZERO : new UInt256(u3, u2, u1, u0);
  }

  /** Limb {@code index} (0 least significant, 3 most) as an unsigned long. */
  public long limb(final int index) {
    return switch (index) {
      case 0 -> u0;
      case 1 -> u1;
      case 2 -> u2;
      case 3 -> u3;
      default -> throw new IndexOutOfBoundsException("a UInt256 has limbs 0 to 3, not " + index);
    };
  }

  /** Big-endian bytes, at most 32; leading zeros are allowed here (RLP checks its own). */
  public static UInt256 fromBytes(final Bytes bytes) {
    final int length = bytes.size();
    if (length > 32) {
      throw new IllegalArgumentException("a 256-bit value has at most 32 bytes, got " + length);
    }
    final long[] limbs = new long[4];
    for (int i = 0; i < length; i++) {
      final int significance = length - 1 - i;
      limbs[significance / 8] |= (bytes.get(i) & 0xffL) << (8 * (significance % 8));
    }
    return ofLimbs(limbs[3], limbs[2], limbs[1], limbs[0]);
  }

  /** Parses {@code 0x}-prefixed hex or plain decimal text. */
  public static UInt256 parse(final String text) {
    final String trimmed = text.trim();
    try {
      if (trimmed.startsWith("0x") || trimmed.startsWith("0X")) {
        final String digits = trimmed.substring(2);
        return digits.isEmpty() ? ZERO : of(new BigInteger(digits, 16));
      }
      return of(new BigInteger(trimmed, 10));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + Hex.abbreviate(text), e);
    }
  }

  public BigInteger toBigInteger() {
    return isZero() ? BigInteger.ZERO : new BigInteger(1, toArray32());
  }

  public boolean isZero() {
    return (u3 | u2 | u1 | u0) == 0;
  }

  /** The value as a long; fails when it does not fit in 63 bits. */
  public long toLongExact() {
    if (!fitsLong()) {
      throw new ArithmeticException("value does not fit in a long: " + this);
    }
    return u0;
  }

  public boolean fitsLong() {
    return (u3 | u2 | u1) == 0 && u0 >= 0;
  }

  public int bitLength() {
    if (u3 != 0) {
      return 256 - Long.numberOfLeadingZeros(u3);
    }
    if (u2 != 0) {
      return 192 - Long.numberOfLeadingZeros(u2);
    }
    if (u1 != 0) {
      return 128 - Long.numberOfLeadingZeros(u1);
    }
    return 64 - Long.numberOfLeadingZeros(u0);
  }

  private byte[] toArray32() {
    final byte[] out = new byte[32];
    final long[] limbs = {u3, u2, u1, u0};
    for (int i = 0; i < 32; i++) {
      out[i] = (byte) (limbs[i / 8] >>> (56 - 8 * (i % 8)));
    }
    return out;
  }

  /** Big-endian bytes without leading zeros: the RLP scalar form (zero is empty). */
  public Bytes toMinimalBytes() {
    if (isZero()) {
      return Bytes.EMPTY;
    }
    final byte[] full = toArray32();
    return Bytes.wrap(java.util.Arrays.copyOfRange(full, 32 - (bitLength() + 7) / 8, 32));
  }

  /** Big-endian, left-padded to 32 bytes. */
  public Bytes toBytes32() {
    return Bytes.wrap(toArray32());
  }

  public UInt256 add(final UInt256 other) {
    final long r0 = u0 + other.u0;
    final long c0 = Long.compareUnsigned(r0, u0) < 0 ? 1 : 0;
    final long t1 = u1 + other.u1;
    final long r1 = t1 + c0;
    final long c1 =
        (Long.compareUnsigned(t1, u1) < 0 ? 1 : 0) | (Long.compareUnsigned(r1, t1) < 0 ? 1 : 0);
    final long t2 = u2 + other.u2;
    final long r2 = t2 + c1;
    final long c2 =
        (Long.compareUnsigned(t2, u2) < 0 ? 1 : 0) | (Long.compareUnsigned(r2, t2) < 0 ? 1 : 0);
    final long t3 = u3 + other.u3;
    final long r3 = t3 + c2;
    if (Long.compareUnsigned(t3, u3) < 0 || Long.compareUnsigned(r3, t3) < 0) {
      throw new ArithmeticException(this + " + " + other + " overflows 256 bits");
    }
    return ofLimbs(r3, r2, r1, r0);
  }

  public UInt256 subtract(final UInt256 other) {
    if (lessThan(other)) {
      throw new ArithmeticException(this + " - " + other + " is negative");
    }
    final long r0 = u0 - other.u0;
    final long b0 = Long.compareUnsigned(u0, other.u0) < 0 ? 1 : 0;
    final long t1 = u1 - other.u1;
    final long r1 = t1 - b0;
    final long b1 =
        (Long.compareUnsigned(u1, other.u1) < 0 ? 1 : 0)
            | (Long.compareUnsigned(t1, b0) < 0 ? 1 : 0);
    final long t2 = u2 - other.u2;
    final long r2 = t2 - b1;
    final long b2 =
        (Long.compareUnsigned(u2, other.u2) < 0 ? 1 : 0)
            | (Long.compareUnsigned(t2, b1) < 0 ? 1 : 0);
    return ofLimbs(u3 - other.u3 - b2, r2, r1, r0);
  }

  public UInt256 multiply(final UInt256 other) {
    final BigInteger result = toBigInteger().multiply(other.toBigInteger());
    if (result.compareTo(LIMIT) >= 0) {
      throw new ArithmeticException(this + " * " + other + " overflows 256 bits");
    }
    return of(result);
  }

  public UInt256 multiply(final long other) {
    return multiply(of(other));
  }

  public UInt256 divide(final UInt256 other) {
    return of(toBigInteger().divide(other.toBigInteger()));
  }

  public UInt256 min(final UInt256 other) {
    return compareTo(other) <= 0 ? this : other;
  }

  public UInt256 max(final UInt256 other) {
    return compareTo(other) >= 0 ? this : other;
  }

  public boolean lessThan(final UInt256 other) {
    return compareTo(other) < 0;
  }

  public boolean greaterThan(final UInt256 other) {
    return compareTo(other) > 0;
  }

  /** JSON-RPC quantity: {@code 0x} and minimal lower-case hex ({@code 0x0} for zero). */
  public String toQuantity() {
    return "0x" + toBigInteger().toString(16);
  }

  @Override
  public int compareTo(final UInt256 other) {
    int c = Long.compareUnsigned(u3, other.u3);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(u2, other.u2);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(u1, other.u1);
    return c != 0 ? c : Long.compareUnsigned(u0, other.u0);
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof UInt256 that
        && u0 == that.u0
        && u1 == that.u1
        && u2 == that.u2
        && u3 == that.u3;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(u0) * 31 + Long.hashCode(u1 ^ u2 ^ u3);
  }

  /** Decimal. */
  @Override
  public String toString() {
    return toBigInteger().toString();
  }
}
