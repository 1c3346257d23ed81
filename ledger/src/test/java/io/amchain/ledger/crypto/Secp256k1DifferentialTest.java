package io.amchain.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Native libsecp256k1 and Bouncy Castle give the same answer, value or exception message, for the
 * same input: signatures from random keys, high-s twins, random (mostly invalid) signatures, and
 * the edges of the ranges. On Linux, where the bindings carry the library.
 */
@EnabledOnOs(OS.LINUX)
class Secp256k1DifferentialTest {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger N = Secp256k1.N.toBigInteger();
  private static final BigInteger P = CURVE.getCurve().getField().getCharacteristic();

  private final Secp256k1 bc = BouncyCastleSecp256k1.INSTANCE;
  private final Secp256k1 nativeCurve = NativeSecp256k1.load();
  private final Random random = new Random(20261124);

  @Test
  void signaturesAndRecoveriesAgreeForRandomKeysAndMessages() {
    for (int i = 0; i < 200; i++) {
      final PrivateKey key =
          PrivateKey.of(UInt256.of(randomBelow(N.subtract(BigInteger.ONE)).add(BigInteger.ONE)));
      final Hash hash = Hash.wrap(randomBytes(32));
      final PublicKey expected = bc.publicKey(key);
      assertEquals(expected, nativeCurve.publicKey(key));

      final Signature signature = bc.sign(hash, key);
      assertEquals(signature, nativeCurve.sign(hash, key), "same RFC 6979 nonce, same low s");
      assertTrue(signature.isLowS());
      assertEquals(expected, bc.recover(hash, signature));
      assertEquals(expected, nativeCurve.recover(hash, signature));

      // EIP-2's malleated twin: n - s with the other parity is a valid signature of the same key.
      final Signature highS =
          new Signature(
              signature.r(),
              UInt256.of(N.subtract(signature.s().toBigInteger())),
              1 - signature.recoveryId());
      assertFalse(highS.isLowS());
      assertEquals(expected, bc.recover(hash, highS));
      assertEquals(expected, nativeCurve.recover(hash, highS));
      // High s with the same parity: some other key, the same one from both.
      assertSameOutcome(hash, new Signature(highS.r(), highS.s(), signature.recoveryId()));
    }
  }

  @Test
  void randomSignaturesGiveTheSameKeyOrTheSameError() {
    int recovered = 0;
    for (int i = 0; i < 400; i++) {
      final Signature signature =
          new Signature(
              UInt256.of(randomBelow(N.subtract(BigInteger.ONE)).add(BigInteger.ONE)),
              UInt256.of(randomBelow(N.subtract(BigInteger.ONE)).add(BigInteger.ONE)),
              random.nextInt(2));
      if (assertSameOutcome(Hash.wrap(randomBytes(32)), signature)) {
        recovered++;
      }
    }
    // About half of all x are on the curve: both branches were exercised.
    assertTrue(recovered > 100 && recovered < 300, recovered + " of 400 recovered");
  }

  @Test
  void edgesOfTheRangesAgree() {
    final List<BigInteger> scalars =
        List.of(
            BigInteger.ONE,
            BigInteger.TWO,
            N.shiftRight(1),
            N.shiftRight(1).add(BigInteger.ONE),
            P.subtract(N), // from here on r + n would exceed p: no recovery id 2 or 3 exists
            P.subtract(N).add(BigInteger.ONE),
            N.subtract(BigInteger.TWO),
            N.subtract(BigInteger.ONE));
    final List<Hash> hashes =
        List.of(
            Hash.ZERO,
            Hash.wrap(UInt256.of(N.subtract(BigInteger.ONE)).toBytes32().toArray()),
            Hash.wrap(UInt256.of(N).toBytes32().toArray()), // e = n: reduced to 0
            Hash.wrap(UInt256.MAX.toBytes32().toArray()));
    for (final BigInteger r : scalars) {
      for (final BigInteger s : scalars) {
        for (final Hash hash : hashes) {
          for (int recoveryId = 0; recoveryId < 2; recoveryId++) {
            assertSameOutcome(hash, new Signature(UInt256.of(r), UInt256.of(s), recoveryId));
          }
        }
      }
    }
    for (final Signature outOfRange :
        List.of(
            new Signature(UInt256.ZERO, UInt256.ONE, 0),
            new Signature(UInt256.ONE, UInt256.ZERO, 0),
            new Signature(UInt256.ZERO, UInt256.ZERO, 1),
            new Signature(Secp256k1.N, UInt256.ONE, 0),
            new Signature(UInt256.ONE, Secp256k1.N, 1),
            new Signature(UInt256.MAX, UInt256.ONE, 0))) {
      assertFalse(assertSameOutcome(Hash.ZERO, outOfRange));
    }
  }

  @Test
  void aRecoveredPointAtInfinityIsRefusedByBoth() {
    // With R = kG, s = 1 and e = k, the recovered key r⁻¹(sR - eG) is the point at infinity.
    final BigInteger k = randomBelow(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    final ECPoint bigR = CURVE.getG().multiply(k).normalize();
    final BigInteger r = bigR.getAffineXCoord().toBigInteger();
    final int parity = bigR.getAffineYCoord().testBitZero() ? 1 : 0;
    final Signature signature = new Signature(UInt256.of(r), UInt256.ONE, parity);
    final Hash hash = Hash.wrap(UInt256.of(k).toBytes32().toArray());
    final InvalidSignatureException thrown =
        assertThrows(InvalidSignatureException.class, () -> nativeCurve.recover(hash, signature));
    assertEquals("no public key can be recovered from the signature", thrown.getMessage());
    assertFalse(assertSameOutcome(hash, signature));
  }

  /** Asserts both give the same key or the same error; whether a key was recovered. */
  private boolean assertSameOutcome(final Hash hash, final Signature signature) {
    final Object fromBc = outcome(bc, hash, signature);
    assertEquals(
        fromBc, outcome(nativeCurve, hash, signature), () -> "for " + signature + " of " + hash);
    return fromBc instanceof PublicKey;
  }

  private static Object outcome(final Secp256k1 curve, final Hash hash, final Signature signature) {
    try {
      return curve.recover(hash, signature);
    } catch (InvalidSignatureException e) {
      return "InvalidSignatureException: " + e.getMessage();
    }
  }

  private BigInteger randomBelow(final BigInteger bound) {
    BigInteger value;
    do {
      value = new BigInteger(bound.bitLength(), random);
    } while (value.compareTo(bound) >= 0);
    return value;
  }

  private byte[] randomBytes(final int size) {
    final byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }
}
