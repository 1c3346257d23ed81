package io.amchain.ledger.types;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An immutable byte string. The domain modules pass these instead of raw {@code byte[]}, so no
 * caller can change a value another one holds.
 */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;

  /**
   * The hash code, computed on first use (0 until then), as String does: addresses, hashes and
   * storage keys are looked up in hash maps on the EVM's hot path.
   */
  private int hash;

  private Bytes(final byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of the given array. */
  public static Bytes of(final byte... bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /**
   * Takes ownership of the array without copying it: for codecs that have just built the array and
   * drop their reference to it. Everyone else uses {@link #of}.
   */
  public static Bytes wrap(final byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new Bytes(bytes);
  }

  /** Parses hex text with or without {@code 0x}; see {@link Hex#decode}. */
  public static Bytes fromHex(final String hex) {
    return wrap(Hex.decode(hex));
  }

  /** The big-endian bytes of {@code value} without leading zeros (zero gives the empty string). */
  public static Bytes minimal(final long value) {
    if (value == 0) {
      return EMPTY;
    }
    final int length = 8 - Long.numberOfLeadingZeros(value) / 8;
    final byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[length - 1 - i] = (byte) (value >>> (8 * i));
    }
    return new Bytes(out);
  }

  public int size() {
    return bytes.length;
  }

  public boolean isEmpty() {
    return bytes.length == 0;
  }

  public byte get(final int index) {
    return bytes[index];
  }

  /** The byte at {@code index} as an unsigned value 0..255. */
  public int unsigned(final int index) {
    return bytes[index] & 0xff;
  }

  /** A copy of the content. */
  public byte[] toArray() {
    return bytes.clone();
  }

  /** Copies the content into {@code target} at {@code offset}. */
  public void copyTo(final byte[] target, final int offset) {
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  public Bytes slice(final int from, final int to) {
    if (from == 0 && to == bytes.length) {
      return this;
    }
    return wrap(Arrays.copyOfRange(bytes, from, to));
  }

  public Bytes slice(final int from) {
    return slice(from, bytes.length);
  }

  public Bytes concat(final Bytes other) {
    final byte[] out = Arrays.copyOf(bytes, bytes.length + other.bytes.length);
    System.arraycopy(other.bytes, 0, out, bytes.length, other.bytes.length);
    return wrap(out);
  }

  /** Left-pads with zero bytes to {@code length}; fails if the value is already longer. */
  public Bytes leftPad(final int length) {
    if (bytes.length == length) {
      return this;
    }
    if (bytes.length > length) {
      throw new IllegalArgumentException(
          "value of " + bytes.length + " bytes does not fit in " + length + " bytes");
    }
    final byte[] out = new byte[length];
    System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
    return wrap(out);
  }

  /** The same value without leading zero bytes. */
  public Bytes trimLeadingZeros() {
    int start = 0;
    while (start < bytes.length && bytes[start] == 0) {
      start++;
    }
    return slice(start);
  }

  public boolean isZero() {
    for (final byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case hex with a {@code 0x} prefix. */
  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** Lexicographic order of the bytes taken as unsigned values. */
  @Override
  public int compareTo(final Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
