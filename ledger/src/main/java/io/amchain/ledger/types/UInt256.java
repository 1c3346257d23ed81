package io.amchain.ledger.types;

import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * An unsigned 256-bit integer for values that cross the ledger: balances and amounts in wei, fees,
 * difficulties. Arithmetic is checked: a result outside [0, 2^256) throws {@link
 * ArithmeticException} instead of wrapping, because a wrapped balance is a minted coin. (The EVM's
 * wrapping word arithmetic lives in {@code vm}, on its own fast type.)
 */
public final class UInt256 implements Comparable<UInt256> {
  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(256);

  public static final UInt256 ZERO = new UInt256(BigInteger.ZERO);
  public static final UInt256 ONE = new UInt256(BigInteger.ONE);
  public static final UInt256 MAX = new UInt256(LIMIT.subtract(BigInteger.ONE));

  private final BigInteger value;

  private UInt256(final BigInteger value) {
    this.value = value;
  }

  public static UInt256 of(final long value) {
    if (value < 0) {
      throw new IllegalArgumentException("UInt256 cannot be negative: " + value);
    }
    return value == 0 ? ZERO : new UInt256(BigInteger.valueOf(value));
  }

  public static UInt256 of(final BigInteger value) {
    if (value.signum() < 0 || value.compareTo(LIMIT) >= 0) {
      throw new IllegalArgumentException("value out of the 256-bit unsigned range: " + value);
    }
    return new UInt256(value);
  }

  /** Big-endian bytes, at most 32; leading zeros are allowed here (RLP checks its own). */
  public static UInt256 fromBytes(final Bytes bytes) {
    if (bytes.size() > 32) {
      throw new IllegalArgumentException(
          "a 256-bit value has at most 32 bytes, got " + bytes.size());
    }
    return bytes.isEmpty() ? ZERO : new UInt256(new BigInteger(1, bytes.toArray()));
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
    return value;
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  /** The value as a long; fails when it does not fit in 63 bits. */
  public long toLongExact() {
    if (value.bitLength() > 63) {
      throw new ArithmeticException("value does not fit in a long: " + value);
    }
    return value.longValue();
  }

  public boolean fitsLong() {
    return value.bitLength() <= 63;
  }

  public int bitLength() {
    return value.bitLength();
  }

  /** Big-endian bytes without leading zeros: the RLP scalar form (zero is empty). */
  public Bytes toMinimalBytes() {
    if (value.signum() == 0) {
      return Bytes.EMPTY;
    }
    final byte[] raw = value.toByteArray();
    return raw[0] == 0
        ? Bytes.wrap(java.util.Arrays.copyOfRange(raw, 1, raw.length))
        : Bytes.wrap(raw);
  }

  /** Big-endian, left-padded to 32 bytes. */
  public Bytes toBytes32() {
    return toMinimalBytes().leftPad(32);
  }

  public UInt256 add(final UInt256 other) {
    return checked(value.add(other.value), " + ", other);
  }

  public UInt256 subtract(final UInt256 other) {
    final BigInteger result = value.subtract(other.value);
    if (result.signum() < 0) {
      throw new ArithmeticException(this + " - " + other + " is negative");
    }
    return new UInt256(result);
  }

  public UInt256 multiply(final UInt256 other) {
    return checked(value.multiply(other.value), " * ", other);
  }

  private UInt256 checked(final BigInteger result, final String operator, final UInt256 other) {
    if (result.compareTo(LIMIT) >= 0) {
      throw new ArithmeticException(this + operator + other + " overflows 256 bits");
    }
    return new UInt256(result);
  }

  public UInt256 multiply(final long other) {
    return multiply(of(other));
  }

  public UInt256 divide(final UInt256 other) {
    return new UInt256(value.divide(other.value));
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
    return "0x" + value.toString(16);
  }

  @Override
  public int compareTo(final UInt256 other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof UInt256 that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Decimal. */
  @Override
  public String toString() {
    return value.toString();
  }
}
