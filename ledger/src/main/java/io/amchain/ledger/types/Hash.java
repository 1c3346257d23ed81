package io.amchain.ledger.types;

import org.jspecify.annotations.Nullable;

/** A 32-byte hash (Keccak-256 everywhere in Ethereum). */
public final class Hash implements Comparable<Hash> {
  public static final int SIZE = 32;
  public static final Hash ZERO = new Hash(Bytes.wrap(new byte[SIZE]));

  private final Bytes bytes;

  private Hash(final Bytes bytes) {
    this.bytes = bytes;
  }

  public static Hash of(final Bytes bytes) {
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException(
          "a hash is " + SIZE + " bytes, got " + bytes.size() + ": " + bytes);
    }
    return new Hash(bytes);
  }

  /** Takes ownership of a freshly computed 32-byte array. */
  public static Hash wrap(final byte[] bytes) {
    return of(Bytes.wrap(bytes));
  }

  public static Hash fromHex(final String hex) {
    return of(Bytes.fromHex(hex));
  }

  public Bytes bytes() {
    return bytes;
  }

  public byte[] toArray() {
    return bytes.toArray();
  }

  public String toHex() {
    return bytes.toHex();
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof Hash that && bytes.equals(that.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public int compareTo(final Hash other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
