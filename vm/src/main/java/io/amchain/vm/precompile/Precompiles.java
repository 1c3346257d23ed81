package io.amchain.vm.precompile;

import io.amchain.ledger.crypto.InvalidSignatureException;
import io.amchain.ledger.crypto.Secp256k1;
import io.amchain.ledger.crypto.Signature;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.jspecify.annotations.Nullable;

/**
 * The precompiled contracts of Berlin through Cancun at addresses 0x01–0x09. (0x0a, EIP-4844's
 * point evaluation, is not offered: AMChain carries no blobs.)
 */
public final class Precompiles {
  private static final Map<Address, Precompile> BERLIN = build();

  private Precompiles() {}

  public static Map<Address, Precompile> berlin() {
    return BERLIN;
  }

  public static Address address(final int number) {
    final byte[] raw = new byte[Address.SIZE];
    raw[Address.SIZE - 1] = (byte) number;
    return Address.of(Bytes.wrap(raw));
  }

  private static Map<Address, Precompile> build() {
    final Map<Address, Precompile> map = new LinkedHashMap<>();
    map.put(address(1), new EcRecover());
    map.put(address(2), digest(60, 12, SHA256Digest::new, false));
    map.put(address(3), digest(600, 120, RIPEMD160Digest::new, true));
    map.put(address(4), new Identity());
    map.put(address(5), new ModExp());
    map.put(address(6), new Bn254.Add());
    map.put(address(7), new Bn254.Mul());
    map.put(address(8), new Bn254.Pairing());
    map.put(address(9), new Blake2f());
    return java.util.Collections.unmodifiableMap(map);
  }

  static long words(final int bytes) {
    return (bytes + 31L) / 32;
  }

  /** Input right-padded with zeros (or cut) to {@code length}, as precompiles read it. */
  static byte[] padded(final Bytes input, final int length) {
    final byte[] out = new byte[length];
    final byte[] raw = input.toArray();
    System.arraycopy(raw, 0, out, 0, Math.min(raw.length, length));
    return out;
  }

  private static Precompile digest(
      final long base,
      final long perWord,
      final java.util.function.Supplier<Digest> algorithm,
      final boolean padTo32) {
    return new Precompile() {
      @Override
      public long gasCost(final Bytes input) {
        return base + perWord * words(input.size());
      }

      @Override
      public Bytes run(final Bytes input) {
        final Digest digest = algorithm.get();
        final byte[] raw = input.toArray();
        digest.update(raw, 0, raw.length);
        final byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return padTo32 ? Bytes.wrap(out).leftPad(32) : Bytes.wrap(out);
      }
    };
  }

  /** 0x01: the signer's address, or empty output for anything unrecoverable. */
  static final class EcRecover implements Precompile {
    @Override
    public long gasCost(final Bytes input) {
      return 3_000;
    }

    @Override
    public Bytes run(final Bytes input) {
      final byte[] in = padded(input, 128);
      final Bytes v = Bytes.wrap(java.util.Arrays.copyOfRange(in, 32, 64));
      final UInt256 vValue = UInt256.fromBytes(v);
      if (!vValue.equals(UInt256.of(27)) && !vValue.equals(UInt256.of(28))) {
        return Bytes.EMPTY;
      }
      final Signature signature =
          new Signature(
              UInt256.fromBytes(Bytes.wrap(java.util.Arrays.copyOfRange(in, 64, 96))),
              UInt256.fromBytes(Bytes.wrap(java.util.Arrays.copyOfRange(in, 96, 128))),
              vValue.toBigInteger().intValue() - 27);
      try {
        final Address signer =
            Secp256k1.get()
                .recoverAddress(Hash.wrap(java.util.Arrays.copyOfRange(in, 0, 32)), signature);
        return signer.bytes().leftPad(32);
      } catch (InvalidSignatureException e) {
        return Bytes.EMPTY;
      }
    }
  }

  static final class Identity implements Precompile {
    @Override
    public long gasCost(final Bytes input) {
      return 15 + 3 * words(input.size());
    }

    @Override
    public Bytes run(final Bytes input) {
      return input;
    }
  }

  /** 0x05 with EIP-2565's pricing. Lengths are read as big numbers: gas is decided first. */
  static final class ModExp implements Precompile {
    @Override
    public long gasCost(final Bytes input) {
      final byte[] in = padded(input, 96);
      final BigInteger baseLength = new BigInteger(1, java.util.Arrays.copyOfRange(in, 0, 32));
      final BigInteger expLength = new BigInteger(1, java.util.Arrays.copyOfRange(in, 32, 64));
      final BigInteger modLength = new BigInteger(1, java.util.Arrays.copyOfRange(in, 64, 96));
      final BigInteger maxLength = baseLength.max(modLength);
      final BigInteger words = maxLength.add(BigInteger.valueOf(7)).shiftRight(3);
      final BigInteger complexity = words.multiply(words);
      // The exponent's head: its first 32 bytes (or fewer).
      final BigInteger head;
      if (expLength.signum() == 0 || baseLength.bitLength() > 31) {
        head = BigInteger.ZERO;
      } else {
        final int start = 96 + baseLength.intValueExact();
        final int headLength = expLength.min(BigInteger.valueOf(32)).intValueExact();
        head = new BigInteger(1, slice(input, start, headLength));
      }
      final BigInteger iterations;
      if (expLength.compareTo(BigInteger.valueOf(32)) <= 0) {
        iterations = BigInteger.valueOf(Math.max(0, head.bitLength() - 1));
      } else {
        iterations =
            expLength
                .subtract(BigInteger.valueOf(32))
                .multiply(BigInteger.valueOf(8))
                .add(BigInteger.valueOf(Math.max(0, head.bitLength() - 1)));
      }
      final BigInteger gas =
          complexity.multiply(iterations.max(BigInteger.ONE)).divide(BigInteger.valueOf(3));
      return gas.max(BigInteger.valueOf(200)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    @Override
    public Bytes run(final Bytes input) {
      final byte[] in = padded(input, 96);
      if (new BigInteger(1, java.util.Arrays.copyOfRange(in, 64, 96)).signum() == 0) {
        return Bytes.EMPTY; // nothing to compute, whatever the other lengths say
      }
      // With a modulus to compute, gasCost priced every length: they are all small here.
      final int baseLength =
          new BigInteger(1, java.util.Arrays.copyOfRange(in, 0, 32)).intValueExact();
      final int expLength =
          new BigInteger(1, java.util.Arrays.copyOfRange(in, 32, 64)).intValueExact();
      final int modLength =
          new BigInteger(1, java.util.Arrays.copyOfRange(in, 64, 96)).intValueExact();
      final BigInteger base = new BigInteger(1, slice(input, 96, baseLength));
      final BigInteger exponent = new BigInteger(1, slice(input, 96 + baseLength, expLength));
      final BigInteger modulus =
          new BigInteger(1, slice(input, 96 + baseLength + expLength, modLength));
      final BigInteger result =
          modulus.signum() == 0 ? BigInteger.ZERO : base.modPow(exponent, modulus);
      final byte[] raw = result.toByteArray();
      final byte[] out = new byte[modLength];
      final int copy = Math.min(raw.length, modLength);
      System.arraycopy(raw, raw.length - copy, out, modLength - copy, copy);
      return Bytes.wrap(out);
    }

    /** input[start, start+length) with zeros past the end. */
    private static byte[] slice(final Bytes input, final int start, final int length) {
      final byte[] out = new byte[length];
      final byte[] raw = input.toArray();
      if (start < raw.length) {
        System.arraycopy(raw, start, out, 0, Math.min(length, raw.length - start));
      }
      return out;
    }
  }

  /** 0x09: EIP-152's BLAKE2b compression function F. */
  static final class Blake2f implements Precompile {
    private static final long[] IV = {
      0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
      0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L
    };
    private static final int[][] SIGMA = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
      {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
      {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
      {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
      {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
      {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
      {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
      {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
      {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
      {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0}
    };

    @Override
    public long gasCost(final Bytes input) {
      if (input.size() != 213) {
        return 0;
      }
      return java.nio.ByteBuffer.wrap(input.toArray(), 0, 4).getInt() & 0xffffffffL;
    }

    @Override
    public @Nullable Bytes run(final Bytes input) {
      if (input.size() != 213) {
        return null;
      }
      final byte[] in = input.toArray();
      final int finalFlag = in[212];
      if (finalFlag != 0 && finalFlag != 1) {
        return null;
      }
      final long rounds = java.nio.ByteBuffer.wrap(in, 0, 4).getInt() & 0xffffffffL;
      final java.nio.ByteBuffer le =
          java.nio.ByteBuffer.wrap(in).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      final long[] h = new long[8];
      final long[] m = new long[16];
      for (int i = 0; i < 8; i++) {
        h[i] = le.getLong(4 + 8 * i);
      }
      for (int i = 0; i < 16; i++) {
        m[i] = le.getLong(68 + 8 * i);
      }
      final long t0 = le.getLong(196);
      final long t1 = le.getLong(204);
      final long[] v = new long[16];
      System.arraycopy(h, 0, v, 0, 8);
      System.arraycopy(IV, 0, v, 8, 8);
      v[12] ^= t0;
      v[13] ^= t1;
      if (finalFlag == 1) {
        v[14] = ~v[14];
      }
      for (long r = 0; r < rounds; r++) {
        final int[] s = SIGMA[(int) (r % 10)];
        mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
        mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
        mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
        mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
        mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
        mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
        mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
        mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
      }
      final java.nio.ByteBuffer out =
          java.nio.ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 8; i++) {
        out.putLong(h[i] ^ v[i] ^ v[i + 8]);
      }
      return Bytes.wrap(out.array());
    }

    private static void mix(
        final long[] v,
        final int a,
        final int b,
        final int c,
        final int d,
        final long x,
        final long y) {
      v[a] = v[a] + v[b] + x;
      v[d] = Long.rotateRight(v[d] ^ v[a], 32);
      v[c] = v[c] + v[d];
      v[b] = Long.rotateRight(v[b] ^ v[c], 24);
      v[a] = v[a] + v[b] + y;
      v[d] = Long.rotateRight(v[d] ^ v[a], 16);
      v[c] = v[c] + v[d];
      v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }
  }
}
