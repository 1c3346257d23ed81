package io.amchain.ledger.crypto;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Keccak;
import org.jspecify.annotations.Nullable;

/** A secp256k1 public key as the 64 bytes x ‖ y (the uncompressed form without its 0x04 tag). */
public final class PublicKey {
  private final Bytes xy;

  public PublicKey(final Bytes xy) {
    if (xy.size() != 64) {
      throw new IllegalArgumentException("a public key is 64 bytes (x ‖ y), got " + xy.size());
    }
    this.xy = xy;
  }

  public Bytes bytes() {
    return xy;
  }

  /** SEC 1 compressed form: 0x02 or 0x03 (the parity of y), then x; what BIP-32 hashes. */
  public Bytes compressed() {
    final byte prefix = (byte) ((xy.get(63) & 1) == 0 ? 0x02 : 0x03);
    return Bytes.of(prefix).concat(xy.slice(0, 32));
  }

  /** The account address: the last 20 bytes of keccak256(x ‖ y). */
  public Address address() {
    return Address.of(Keccak.hash(xy).bytes().slice(12));
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof PublicKey that && xy.equals(that.xy);
  }

  @Override
  public int hashCode() {
    return xy.hashCode();
  }

  @Override
  public String toString() {
    return xy.toHex();
  }
}
