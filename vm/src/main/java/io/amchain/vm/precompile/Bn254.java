package io.amchain.vm.precompile;

import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * The alt_bn128 (BN254) curve of EIP-196: y^2 = x^3 + 3 over the prime field p, in affine
 * coordinates, with the point at infinity encoded as (0, 0). Gas per EIP-1108.
 */
final class Bn254 {
  static final BigInteger P =
      new BigInteger(
          "21888242871839275222246405745257275088696311157297823662689037894645226208583");
  static final BigInteger ORDER =
      new BigInteger(
          "21888242871839275222246405745257275088548364400416034343698204186575808495617");
  private static final BigInteger THREE = BigInteger.valueOf(3);

  private Bn254() {}

  /** An affine point; {@code null} coordinates stand for the point at infinity. */
  record Point(@Nullable BigInteger x, @Nullable BigInteger y) {
    static final Point INFINITY = new Point(null, null);

    boolean isInfinity() {
      return x == null;
    }
  }

  /** Reads a 64-byte point, or null if a coordinate is out of range or it is not on the curve. */
  static @Nullable Point read(final byte[] in, final int offset) {
    final BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(in, offset, offset + 32));
    final BigInteger y =
        new BigInteger(1, java.util.Arrays.copyOfRange(in, offset + 32, offset + 64));
    if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
      return null;
    }
    if (x.signum() == 0 && y.signum() == 0) {
      return Point.INFINITY;
    }
    if (!y.multiply(y).subtract(x.pow(3)).subtract(THREE).mod(P).equals(BigInteger.ZERO)) {
      return null;
    }
    return new Point(x, y);
  }

  static Bytes write(final Point point) {
    final byte[] out = new byte[64];
    if (!point.isInfinity()) {
      put(out, 0, point.x());
      put(out, 32, point.y());
    }
    return Bytes.wrap(out);
  }

  private static void put(final byte[] out, final int offset, final @Nullable BigInteger value) {
    if (value == null) {
      return;
    }
    final byte[] raw = value.toByteArray();
    final int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, out, offset + 32 - length, length);
  }

  static Point add(final Point a, final Point b) {
    if (a.isInfinity()) {
      return b;
    }
    if (b.isInfinity()) {
      return a;
    }
    final BigInteger ax = java.util.Objects.requireNonNull(a.x());
    final BigInteger ay = java.util.Objects.requireNonNull(a.y());
    final BigInteger bx = java.util.Objects.requireNonNull(b.x());
    final BigInteger by = java.util.Objects.requireNonNull(b.y());
    final BigInteger lambda;
    if (ax.equals(bx)) {
      if (!ay.equals(by) || ay.signum() == 0) {
        return Point.INFINITY;
      }
      lambda = THREE.multiply(ax).multiply(ax).multiply(ay.shiftLeft(1).modInverse(P)).mod(P);
    } else {
      lambda = by.subtract(ay).multiply(bx.subtract(ax).modInverse(P)).mod(P);
    }
    final BigInteger x = lambda.multiply(lambda).subtract(ax).subtract(bx).mod(P);
    final BigInteger y = lambda.multiply(ax.subtract(x)).subtract(ay).mod(P);
    return new Point(x, y);
  }

  static Point multiply(final Point point, final BigInteger scalar) {
    Point result = Point.INFINITY;
    Point addend = point;
    for (int i = 0; i < scalar.bitLength(); i++) {
      if (scalar.testBit(i)) {
        result = add(result, addend);
      }
      addend = add(addend, addend);
    }
    return result;
  }

  /** 0x06. */
  static final class Add implements Precompile {
    @Override
    public long gasCost(final Bytes input) {
      return 150;
    }

    @Override
    public @Nullable Bytes run(final Bytes input) {
      final byte[] in = Precompiles.padded(input, 128);
      final Point a = read(in, 0);
      final Point b = read(in, 64);
      return a == null || b == null ? null : write(add(a, b));
    }
  }

  /** 0x07. */
  static final class Mul implements Precompile {
    @Override
    public long gasCost(final Bytes input) {
      return 6_000;
    }

    @Override
    public @Nullable Bytes run(final Bytes input) {
      final byte[] in = Precompiles.padded(input, 96);
      final Point a = read(in, 0);
      if (a == null) {
        return null;
      }
      return write(multiply(a, new BigInteger(1, java.util.Arrays.copyOfRange(in, 64, 96))));
    }
  }

  /** 0x08: the pairing check of EIP-197. */
  static final class Pairing implements Precompile {
    @Override
    public long gasCost(final Bytes input) {
      return 45_000 + 34_000L * (input.size() / 192);
    }

    @Override
    public @Nullable Bytes run(final Bytes input) {
      return input.size() % 192 != 0 ? null : Bn254Pairing.check(input.toArray());
    }
  }
}
