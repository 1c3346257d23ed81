package io.amchain.ledger.crypto;

import fr.acinq.secp256k1.Secp256k1Exception;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.Arrays;

/**
 * secp256k1 on Bitcoin Core's libsecp256k1 through ACINQ's JNI bindings: sender recovery in a
 * fraction of Bouncy Castle's time. Its results equal {@link BouncyCastleSecp256k1}'s for every
 * input ({@code Secp256k1DifferentialTest}): libsecp256k1 signs with RFC 6979 (HMAC-SHA256) and low
 * s as we do, and its recovery takes any s in [1, n-1], high s included.
 *
 * <p>{@link #recover} is the hot path (every transaction's sender): benchmark ({@code
 * LedgerBenchmarks.recoverSenderOfEip1559Transfer}) before refactoring it.
 */
final class NativeSecp256k1 implements Secp256k1 {
  private final fr.acinq.secp256k1.Secp256k1 library;

  private NativeSecp256k1(final fr.acinq.secp256k1.Secp256k1 library) {
    this.library = library;
  }

  /**
   * Loads libsecp256k1 for this platform (the bindings extract it from their jar into {@code
   * java.io.tmpdir}, or {@code fr.acinq.secp256k1.tmpdir}).
   *
   * @throws IllegalStateException if no library loads here, with the reason as its cause
   */
  static NativeSecp256k1 load() {
    try {
      return new NativeSecp256k1(fr.acinq.secp256k1.Secp256k1.get());
    } catch (RuntimeException | LinkageError e) {
      // The bindings throw IllegalStateException for a platform without a library in the jar,
      // UnsatisfiedLinkError for one that does not link, ExceptionInInitializerError (and
      // NoClassDefFoundError on later attempts) from their static initialiser, and reflection's
      // checked exceptions undeclared.
      throw new IllegalStateException(
          "libsecp256k1 does not load on "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch"),
          e);
    }
  }

  @Override
  public PublicKey publicKey(final PrivateKey key) {
    return fromUncompressed(library.pubkeyCreate(key.toBytes().toArray()));
  }

  @Override
  public Signature sign(final Hash hash, final PrivateKey key) {
    final byte[] message = hash.toArray();
    // ndata = null: plain RFC 6979 nonces; libsecp256k1 returns s already normalised to low s.
    final byte[] compact = library.sign(message, key.toBytes().toArray(), null);
    final UInt256 r = UInt256.fromBytes(Bytes.wrap(Arrays.copyOfRange(compact, 0, 32)));
    final UInt256 s = UInt256.fromBytes(Bytes.wrap(Arrays.copyOfRange(compact, 32, 64)));
    return withRecoveryId(hash, r, s, publicKey(key));
  }

  @Override
  public PublicKey recover(final Hash hash, final Signature signature) {
    // libsecp256k1 would refuse these too, but with its own words; the contract has ours.
    if (!signature.hasValidRange()) {
      throw new InvalidSignatureException("signature r or s out of range [1, n-1]");
    }
    final byte[] compact = new byte[64];
    signature.r().toBytes32().copyTo(compact, 0);
    signature.s().toBytes32().copyTo(compact, 32);
    final byte[] uncompressed;
    try {
      // Recovery ids 0 and 1 take x = r, as Bouncy Castle's recovery does; s is not normalised.
      uncompressed = library.ecdsaRecover(compact, hash.toArray(), signature.recoveryId());
    } catch (Secp256k1Exception e) {
      // r is not the x of a curve point, or the recovered point is at infinity.
      throw new InvalidSignatureException("no public key can be recovered from the signature");
    }
    return fromUncompressed(uncompressed);
  }

  /** 0x04 ‖ x ‖ y, as the bindings return public keys, to our x ‖ y. */
  private static PublicKey fromUncompressed(final byte[] uncompressed) {
    return new PublicKey(Bytes.wrap(Arrays.copyOfRange(uncompressed, 1, 65)));
  }
}
