package io.amchain.ledger.crypto;

import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;

/**
 * A secp256k1 ECDSA signature with its recovery id (0 or 1: the parity of R's y coordinate), the
 * form from which the signer's public key can be recovered.
 */
public record Signature(UInt256 r, UInt256 s, int recoveryId) {

  public Signature {
    if (recoveryId != 0 && recoveryId != 1) {
      throw new IllegalArgumentException("recovery id must be 0 or 1, got " + recoveryId);
    }
  }

  /** r and s in [1, n-1]: the range every valid ECDSA signature has. */
  public boolean hasValidRange() {
    return !r.isZero() && !s.isZero() && r.lessThan(Secp256k1.N) && s.lessThan(Secp256k1.N);
  }

  /** EIP-2: s at most n/2, so that a signature cannot be altered into a second valid one. */
  public boolean isLowS() {
    return s.compareTo(Secp256k1.HALF_N) <= 0;
  }

  /** r ‖ s ‖ v, 65 bytes, with v the recovery id (Clique's seal layout). */
  public Bytes toBytes() {
    return r.toBytes32().concat(s.toBytes32()).concat(Bytes.of((byte) recoveryId));
  }

  /** Reads r ‖ s ‖ v with v ∈ {0, 1}. */
  public static Signature fromBytes(final Bytes bytes) {
    if (bytes.size() != 65) {
      throw new IllegalArgumentException("a signature is 65 bytes, got " + bytes.size());
    }
    return new Signature(
        UInt256.fromBytes(bytes.slice(0, 32)),
        UInt256.fromBytes(bytes.slice(32, 64)),
        bytes.unsigned(64));
  }
}
