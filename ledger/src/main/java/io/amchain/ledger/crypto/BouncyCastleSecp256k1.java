package io.amchain.ledger.crypto;

import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.custom.sec.SecP256K1Curve;
import org.jspecify.annotations.Nullable;

/** secp256k1 on Bouncy Castle's optimised custom curve (GLV endomorphism, fixed-point combs). */
final class BouncyCastleSecp256k1 implements Secp256k1 {
  static final BouncyCastleSecp256k1 INSTANCE = new BouncyCastleSecp256k1();

  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(PARAMS.getCurve(), PARAMS.getG(), PARAMS.getN(), PARAMS.getH());
  private static final BigInteger ORDER = PARAMS.getN();
  private static final BigInteger PRIME = ((SecP256K1Curve) PARAMS.getCurve()).getQ();

  private BouncyCastleSecp256k1() {}

  @Override
  public PublicKey publicKey(final PrivateKey key) {
    final ECPoint point =
        new FixedPointCombMultiplier().multiply(DOMAIN.getG(), key.scalar().toBigInteger());
    return toPublicKey(point);
  }

  @Override
  public Signature sign(final Hash hash, final PrivateKey key) {
    final ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(key.scalar().toBigInteger(), DOMAIN));
    final BigInteger[] rs = signer.generateSignature(hash.toArray());
    final BigInteger r = rs[0];
    BigInteger s = rs[1];
    if (s.compareTo(HALF_N.toBigInteger()) > 0) {
      s = ORDER.subtract(s);
    }
    return withRecoveryId(hash, UInt256.of(r), UInt256.of(s), publicKey(key));
  }

  @Override
  public PublicKey recover(final Hash hash, final Signature signature) {
    if (!signature.hasValidRange()) {
      throw new InvalidSignatureException("signature r or s out of range [1, n-1]");
    }
    final ECPoint point = recoverPoint(hash, signature);
    if (point == null) {
      throw new InvalidSignatureException("no public key can be recovered from the signature");
    }
    return toPublicKey(point);
  }

  /** SEC 1 v2, §4.1.6, for the recovery ids 0 and 1 (x = r, which holds unless r >= p - n). */
  private static @Nullable ECPoint recoverPoint(final Hash hash, final Signature signature) {
    final BigInteger r = signature.r().toBigInteger();
    final BigInteger s = signature.s().toBigInteger();
    if (r.compareTo(PRIME) >= 0) {
      return null;
    }
    final ECPoint bigR = decompress(r, signature.recoveryId() == 1);
    if (bigR == null) {
      return null;
    }
    final BigInteger e = new BigInteger(1, hash.toArray());
    final BigInteger rInverse = r.modInverse(ORDER);
    final BigInteger u1 = ORDER.subtract(e).multiply(rInverse).mod(ORDER);
    final BigInteger u2 = s.multiply(rInverse).mod(ORDER);
    final ECPoint q = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), u1, bigR, u2).normalize();
    return q.isInfinity() ? null : q;
  }

  private static @Nullable ECPoint decompress(final BigInteger x, final boolean oddY) {
    final byte[] encoded = new byte[33];
    encoded[0] = (byte) (oddY ? 0x03 : 0x02);
    final byte[] xBytes = UInt256.of(x).toBytes32().toArray();
    System.arraycopy(xBytes, 0, encoded, 1, 32);
    try {
      return DOMAIN.getCurve().decodePoint(encoded);
    } catch (IllegalArgumentException e) {
      return null; // x is not on the curve
    }
  }

  private static PublicKey toPublicKey(final ECPoint point) {
    final byte[] uncompressed = point.normalize().getEncoded(false);
    return new PublicKey(Bytes.wrap(java.util.Arrays.copyOfRange(uncompressed, 1, 65)));
  }
}
