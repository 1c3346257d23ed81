package io.amchain.ledger.crypto;

import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;

/**
 * secp256k1 as Ethereum uses it. Two implementations give identical results: native libsecp256k1
 * (the default where it loads) and Bouncy Castle (everywhere else); see the package documentation
 * for how one is chosen.
 */
public interface Secp256k1 {
  /** The order of the curve's group. */
  UInt256 N =
      UInt256.of(
          new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16));

  UInt256 HALF_N = UInt256.of(N.toBigInteger().shiftRight(1));

  /**
   * The implementation in use, the same for the whole process.
   *
   * @throws ExceptionInInitializerError on first use if {@code -Damchain.secp256k1} is invalid or
   *     forces {@code native} where libsecp256k1 does not load
   */
  static Secp256k1 get() {
    return Secp256k1Selection.IN_USE;
  }

  PublicKey publicKey(PrivateKey key);

  /** Deterministic (RFC 6979) signature of a 32-byte hash, normalised to low s. */
  Signature sign(Hash hash, PrivateKey key);

  /**
   * The public key that made the signature. Any s in [1, n-1] is accepted; callers that must reject
   * high s (EIP-2) check {@link Signature#isLowS()} themselves.
   *
   * @throws InvalidSignatureException if r or s is out of range or no key can be recovered
   */
  PublicKey recover(Hash hash, Signature signature);

  /**
   * The signature (r, s) of {@code hash} with the recovery id that gives {@code signer}'s key back:
   * neither Bouncy Castle nor the JNI bindings hand out R's parity when they sign.
   *
   * @throws IllegalStateException if no recovery id does (r and s are not {@code signer}'s)
   */
  default Signature withRecoveryId(
      final Hash hash, final UInt256 r, final UInt256 s, final PublicKey signer) {
    for (int recoveryId = 0; recoveryId < 2; recoveryId++) {
      final Signature candidate = new Signature(r, s, recoveryId);
      try {
        if (recover(hash, candidate).equals(signer)) {
          return candidate;
        }
      } catch (InvalidSignatureException e) {
        // this parity gives no key; the other one must
      }
    }
    throw new IllegalStateException("no recovery id reproduces the signing key");
  }

  default io.amchain.ledger.types.Address recoverAddress(
      final Hash hash, final Signature signature) {
    return recover(hash, signature).address();
  }
}
