package io.amchain.ledger.rlp;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import org.jspecify.annotations.Nullable;

/** An RLP byte string, with strict readers for the typed values Ethereum stores in strings. */
public final class RlpString implements RlpItem {
  private final Bytes bytes;
  private final int offset;

  RlpString(final Bytes bytes, final int offset) {
    this.bytes = bytes;
    this.offset = offset;
  }

  public Bytes bytes() {
    return bytes;
  }

  @Override
  public int offset() {
    return offset;
  }

  /** An unsigned scalar of at most 8 bytes that fits in a signed long, without leading zeros. */
  public long asLong() {
    checkScalar(8);
    if (bytes.size() == 8 && bytes.get(0) < 0) {
      throw new RlpException(offset, "scalar exceeds 2^63-1: " + bytes);
    }
    long value = 0;
    for (int i = 0; i < bytes.size(); i++) {
      value = (value << 8) | bytes.unsigned(i);
    }
    return value;
  }

  /** An unsigned scalar of at most 32 bytes, without leading zeros. */
  public UInt256 asUInt256() {
    checkScalar(32);
    return UInt256.fromBytes(bytes);
  }

  /** A scalar of at most 8 bytes (uint64), without leading zeros, as an unsigned value. */
  public UInt256 asUInt64() {
    checkScalar(8);
    return UInt256.fromBytes(bytes);
  }

  public Hash asHash() {
    if (bytes.size() != Hash.SIZE) {
      throw new RlpException(offset, "expected a 32-byte hash, got " + bytes.size() + " bytes");
    }
    return Hash.of(bytes);
  }

  public Address asAddress() {
    if (bytes.size() != Address.SIZE) {
      throw new RlpException(offset, "expected a 20-byte address, got " + bytes.size() + " bytes");
    }
    return Address.of(bytes);
  }

  private void checkScalar(final int maxBytes) {
    if (bytes.size() > maxBytes) {
      throw new RlpException(
          offset, "scalar of " + bytes.size() + " bytes exceeds " + maxBytes + " bytes");
    }
    if (!bytes.isEmpty() && bytes.get(0) == 0) {
      throw new RlpException(offset, "scalar has leading zero bytes: " + bytes);
    }
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof RlpString that && bytes.equals(that.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
