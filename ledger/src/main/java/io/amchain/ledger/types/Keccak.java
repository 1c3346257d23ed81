package io.amchain.ledger.types;

import org.bouncycastle.crypto.digests.KeccakDigest;

/** Keccak-256 as Ethereum uses it: the original Keccak padding, not NIST SHA3-256's. */
public final class Keccak {
  /** keccak256 of the empty string: the code hash of an account without code. */
  public static final Hash EMPTY = hash(new byte[0]);

  private Keccak() {}

  public static Hash hash(final byte[] input) {
    return hash(input, 0, input.length);
  }

  public static Hash hash(final byte[] input, final int offset, final int length) {
    final KeccakDigest digest = new KeccakDigest(256);
    digest.update(input, offset, length);
    final byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Hash.wrap(out);
  }

  public static Hash hash(final Bytes input) {
    return hash(input.toArray());
  }
}
