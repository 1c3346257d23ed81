package io.amchain.ledger.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.Pack;

/**
 * scrypt as RFC 7914 defines it. Bouncy Castle's own refuses N >= 2^(16r), a bound of the RFC's
 * that geth does not apply, and the Web3 Secret Storage test vector (n = 2^18, r = 1) is past it;
 * so this one follows the algorithm without that bound.
 */
final class Scrypt {
  private static final int SALSA_WORDS = 16;

  private Scrypt() {}

  /**
   * The derived key.
   *
   * @throws IllegalArgumentException unless n is a power of two above 1 and r, p, length >= 1
   */
  static byte[] derive(
      final byte[] password,
      final byte[] salt,
      final int n,
      final int r,
      final int p,
      final int length) {
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("scrypt n must be a power of two above 1, got " + n);
    }
    if (r < 1 || p < 1 || length < 1 || (long) r * p >= 1 << 30) {
      throw new IllegalArgumentException(
          "scrypt needs r, p >= 1 with r * p < 2^30 and a length >= 1");
    }
    final int blockBytes = 128 * r;
    final byte[] lanes = pbkdf2Sha256(password, salt, p * blockBytes);
    final int[] block = new int[blockBytes / 4];
    final int[] table = new int[Math.multiplyExact(n, block.length)];
    for (int lane = 0; lane < p; lane++) {
      Pack.littleEndianToInt(lanes, lane * blockBytes, block);
      roMix(block, table, n, r);
      Pack.intToLittleEndian(block, lanes, lane * blockBytes);
    }
    return pbkdf2Sha256(password, lanes, length);
  }

  /**
   * scryptROMix: fill the table with successive mixes, then read it back in a data-driven order.
   */
  private static void roMix(final int[] block, final int[] table, final int n, final int r) {
    final int words = block.length;
    final int[] scratch = new int[words];
    for (int i = 0; i < n; i++) {
      System.arraycopy(block, 0, table, i * words, words);
      blockMix(block, scratch, r);
    }
    for (int i = 0; i < n; i++) {
      // Integerify: the first word of the last 64-byte block, little-endian; n divides 2^32.
      final int j = block[words - SALSA_WORDS] & (n - 1);
      for (int k = 0; k < words; k++) {
        block[k] ^= table[j * words + k];
      }
      blockMix(block, scratch, r);
    }
  }

  /** scryptBlockMix: Salsa20/8 over the 2r blocks in a chain, even outputs first, then odd. */
  private static void blockMix(final int[] block, final int[] scratch, final int r) {
    final int[] x = new int[SALSA_WORDS];
    final int[] mixed = new int[SALSA_WORDS];
    System.arraycopy(block, (2 * r - 1) * SALSA_WORDS, x, 0, SALSA_WORDS);
    for (int i = 0; i < 2 * r; i++) {
      for (int k = 0; k < SALSA_WORDS; k++) {
        x[k] ^= block[i * SALSA_WORDS + k];
      }
      Salsa20Engine.salsaCore(8, x, mixed);
      System.arraycopy(mixed, 0, x, 0, SALSA_WORDS);
      final int target = (i % 2 == 0 ? i / 2 : r + i / 2) * SALSA_WORDS;
      System.arraycopy(x, 0, scratch, target, SALSA_WORDS);
    }
    System.arraycopy(scratch, 0, block, 0, block.length);
  }

  private static byte[] pbkdf2Sha256(final byte[] password, final byte[] salt, final int length) {
    final PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA256Digest());
    pbkdf2.init(password, salt, 1);
    return ((KeyParameter) pbkdf2.generateDerivedParameters(length * 8)).getKey();
  }
}
