package io.amchain.vm.precompile;

import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * EIP-197's pairing check on BN254: whether the product of the optimal ate pairings e(P_i, Q_i) is
 * one. G2 points stay in Fp2 coordinates on the twist; each Miller-loop line is evaluated straight
 * into Fp12 = Fp[w]/(w^12 - 18 w^6 + 82), where w^6 = 9 + i. Written for correctness first: the
 * final exponentiation is a plain power (benchmark before optimising it).
 */
final class Bn254Pairing {
  private static final BigInteger P = Bn254.P;
  private static final BigInteger ATE_LOOP_COUNT = new BigInteger("29793968203157093288");
  private static final BigInteger FINAL_EXPONENT =
      P.pow(12).subtract(BigInteger.ONE).divide(Bn254.ORDER);

  /** Fp2 = Fp[i]/(i^2 + 1). */
  record Fq2(BigInteger a, BigInteger b) {
    static final Fq2 ZERO = new Fq2(BigInteger.ZERO, BigInteger.ZERO);
    static final Fq2 ONE = new Fq2(BigInteger.ONE, BigInteger.ZERO);

    Fq2 add(final Fq2 o) {
      return new Fq2(a.add(o.a).mod(P), b.add(o.b).mod(P));
    }

    Fq2 sub(final Fq2 o) {
      return new Fq2(a.subtract(o.a).mod(P), b.subtract(o.b).mod(P));
    }

    Fq2 mul(final Fq2 o) {
      return new Fq2(
          a.multiply(o.a).subtract(b.multiply(o.b)).mod(P),
          a.multiply(o.b).add(b.multiply(o.a)).mod(P));
    }

    Fq2 scale(final long k) {
      return new Fq2(
          a.multiply(BigInteger.valueOf(k)).mod(P), b.multiply(BigInteger.valueOf(k)).mod(P));
    }

    Fq2 negate() {
      return new Fq2(a.negate().mod(P), b.negate().mod(P));
    }

    Fq2 conjugate() {
      return new Fq2(a, b.negate().mod(P));
    }

    Fq2 inverse() {
      final BigInteger norm = a.multiply(a).add(b.multiply(b)).mod(P).modInverse(P);
      return new Fq2(a.multiply(norm).mod(P), b.negate().multiply(norm).mod(P));
    }

    Fq2 pow(final BigInteger e) {
      Fq2 result = ONE;
      Fq2 base = this;
      for (int i = 0; i < e.bitLength(); i++) {
        if (e.testBit(i)) {
          result = result.mul(base);
        }
        base = base.mul(base);
      }
      return result;
    }

    boolean isZero() {
      return a.signum() == 0 && b.signum() == 0;
    }
  }

  private static final Fq2 XI = new Fq2(BigInteger.valueOf(9), BigInteger.ONE);
  private static final Fq2 TWIST_B =
      new Fq2(BigInteger.valueOf(3), BigInteger.ZERO).mul(XI.inverse());
  private static final Fq2 FROBENIUS_X =
      XI.pow(P.subtract(BigInteger.ONE).divide(BigInteger.valueOf(3)));
  private static final Fq2 FROBENIUS_Y = XI.pow(P.subtract(BigInteger.ONE).divide(BigInteger.TWO));

  /** An affine point on the twist; null coordinates for infinity. */
  record G2(@Nullable Fq2 x, @Nullable Fq2 y) {
    static final G2 INFINITY = new G2(null, null);

    boolean isInfinity() {
      return x == null;
    }

    Fq2 xs() {
      return java.util.Objects.requireNonNull(x);
    }

    Fq2 ys() {
      return java.util.Objects.requireNonNull(y);
    }
  }

  private Bn254Pairing() {}

  static @Nullable Bytes check(final byte[] input) {
    BigInteger[] product = one();
    for (int offset = 0; offset < input.length; offset += 192) {
      final Bn254.Point p = Bn254.read(input, offset);
      final G2 q = readG2(input, offset + 64);
      if (p == null || q == null) {
        return null;
      }
      if (p.isInfinity() || q.isInfinity()) {
        continue;
      }
      product =
          mul(
              product,
              miller(
                  q,
                  java.util.Objects.requireNonNull(p.x()),
                  java.util.Objects.requireNonNull(p.y())));
    }
    final boolean isOne = Arrays.equals(pow(product, FINAL_EXPONENT), one());
    final byte[] out = new byte[32];
    out[31] = (byte) (isOne ? 1 : 0);
    return Bytes.wrap(out);
  }

  private static @Nullable G2 readG2(final byte[] in, final int offset) {
    final BigInteger xIm = word(in, offset);
    final BigInteger xRe = word(in, offset + 32);
    final BigInteger yIm = word(in, offset + 64);
    final BigInteger yRe = word(in, offset + 96);
    if (xIm.compareTo(P) >= 0
        || xRe.compareTo(P) >= 0
        || yIm.compareTo(P) >= 0
        || yRe.compareTo(P) >= 0) {
      return null;
    }
    final Fq2 x = new Fq2(xRe, xIm);
    final Fq2 y = new Fq2(yRe, yIm);
    if (x.isZero() && y.isZero()) {
      return G2.INFINITY;
    }
    if (!y.mul(y).equals(x.mul(x).mul(x).add(TWIST_B))) {
      return null;
    }
    final G2 point = new G2(x, y);
    return multiply(point, Bn254.ORDER).isInfinity() ? point : null;
  }

  private static BigInteger word(final byte[] in, final int offset) {
    return new BigInteger(1, Arrays.copyOfRange(in, offset, offset + 32));
  }

  static G2 add(final G2 a, final G2 b) {
    if (a.isInfinity()) {
      return b;
    }
    if (b.isInfinity()) {
      return a;
    }
    final Fq2 lambda;
    if (a.xs().equals(b.xs())) {
      if (!a.ys().equals(b.ys()) || a.ys().isZero()) {
        return G2.INFINITY;
      }
      lambda = a.xs().mul(a.xs()).scale(3).mul(a.ys().scale(2).inverse());
    } else {
      lambda = b.ys().sub(a.ys()).mul(b.xs().sub(a.xs()).inverse());
    }
    final Fq2 x = lambda.mul(lambda).sub(a.xs()).sub(b.xs());
    return new G2(x, lambda.mul(a.xs().sub(x)).sub(a.ys()));
  }

  static G2 multiply(final G2 point, final BigInteger scalar) {
    G2 result = G2.INFINITY;
    G2 addend = point;
    for (int i = 0; i < scalar.bitLength(); i++) {
      if (scalar.testBit(i)) {
        result = add(result, addend);
      }
      addend = add(addend, addend);
    }
    return result;
  }

  private static G2 frobenius(final G2 q) {
    return new G2(q.xs().conjugate().mul(FROBENIUS_X), q.ys().conjugate().mul(FROBENIUS_Y));
  }

  private static BigInteger[] miller(final G2 q, final BigInteger px, final BigInteger py) {
    G2 r = q;
    BigInteger[] f = one();
    for (int i = ATE_LOOP_COUNT.bitLength() - 2; i >= 0; i--) {
      f = mul(mul(f, f), line(r, r, px, py));
      r = add(r, r);
      if (ATE_LOOP_COUNT.testBit(i)) {
        f = mul(f, line(r, q, px, py));
        r = add(r, q);
      }
    }
    final G2 q1 = frobenius(q);
    final G2 q2 = frobenius(q1);
    final G2 negQ2 = new G2(q2.xs(), q2.ys().negate());
    f = mul(f, line(r, q1, px, py));
    r = add(r, q1);
    return mul(f, line(r, negQ2, px, py));
  }

  /** The line through T and Q (the tangent when they are equal), evaluated at P, in Fp12. */
  private static BigInteger[] line(
      final G2 t, final G2 q, final BigInteger px, final BigInteger py) {
    final BigInteger[] out = zero();
    if (t.xs().equals(q.xs()) && !t.ys().equals(q.ys())) {
      // Vertical line: xP - x1·w^2.
      out[0] = px;
      addEmbedded(out, t.xs().negate(), 2);
      return reduce(out);
    }
    final Fq2 lambda =
        t.xs().equals(q.xs())
            ? t.xs().mul(t.xs()).scale(3).mul(t.ys().scale(2).inverse())
            : q.ys().sub(t.ys()).mul(q.xs().sub(t.xs()).inverse());
    // λ·xP·w - λ·x1·w^3 - yP + y1·w^3
    addEmbedded(out, lambda.mul(new Fq2(px, BigInteger.ZERO)), 1);
    addEmbedded(out, lambda.mul(t.xs()).negate().add(t.ys()), 3);
    out[0] = out[0].subtract(py);
    return reduce(out);
  }

  /** Adds an Fp2 value times w^shift, with i = w^6 - 9. */
  private static void addEmbedded(final BigInteger[] out, final Fq2 value, final int shift) {
    out[shift] = out[shift].add(value.a()).subtract(value.b().multiply(BigInteger.valueOf(9)));
    out[shift + 6] = out[shift + 6].add(value.b());
  }

  private static BigInteger[] zero() {
    final BigInteger[] out = new BigInteger[12];
    Arrays.fill(out, BigInteger.ZERO);
    return out;
  }

  private static BigInteger[] one() {
    final BigInteger[] out = zero();
    out[0] = BigInteger.ONE;
    return out;
  }

  private static BigInteger[] reduce(final BigInteger[] value) {
    for (int i = 0; i < value.length; i++) {
      value[i] = value[i].mod(P);
    }
    return value;
  }

  /** Product in Fp[w]/(w^12 - 18 w^6 + 82). */
  static BigInteger[] mul(final BigInteger[] x, final BigInteger[] y) {
    final BigInteger[] product = new BigInteger[23];
    Arrays.fill(product, BigInteger.ZERO);
    for (int i = 0; i < 12; i++) {
      if (x[i].signum() == 0) {
        continue;
      }
      for (int j = 0; j < 12; j++) {
        if (y[j].signum() != 0) {
          product[i + j] = product[i + j].add(x[i].multiply(y[j]));
        }
      }
    }
    for (int k = 22; k >= 12; k--) {
      final BigInteger top = product[k].mod(P);
      product[k - 6] = product[k - 6].add(top.multiply(BigInteger.valueOf(18)));
      product[k - 12] = product[k - 12].subtract(top.multiply(BigInteger.valueOf(82)));
    }
    return reduce(Arrays.copyOf(product, 12));
  }

  private static BigInteger[] pow(final BigInteger[] base, final BigInteger exponent) {
    BigInteger[] result = one();
    for (int i = exponent.bitLength() - 1; i >= 0; i--) {
      result = mul(result, result);
      if (exponent.testBit(i)) {
        result = mul(result, base);
      }
    }
    return result;
  }
}
