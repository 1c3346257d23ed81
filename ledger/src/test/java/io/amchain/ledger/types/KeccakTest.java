package io.amchain.ledger.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

class KeccakTest {

  private static Hash reference(final byte[] input, final int offset, final int length) {
    final KeccakDigest digest = new KeccakDigest(256);
    digest.update(input, offset, length);
    final byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Hash.wrap(out);
  }

  @Test
  void knownVectors() {
    assertEquals(
        "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        Keccak.hash(new byte[0]).toHex());
    assertEquals(
        "0x4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15",
        Keccak.hash(
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII))
            .toHex());
  }

  /** Every length around the 136-byte block boundaries, at odd offsets, against BouncyCastle. */
  @Test
  void matchesBouncyCastleForEveryLengthAndOffset() {
    final Random random = new Random(42);
    final byte[] data = new byte[700];
    random.nextBytes(data);
    for (int length = 0; length <= 600; length++) {
      for (final int offset : new int[] {0, 1, 7, 99}) {
        assertEquals(
            reference(data, offset, length),
            Keccak.hash(data, offset, length),
            "length " + length + " offset " + offset);
      }
    }
  }

  @Test
  void rejectsARangeOutsideTheArray() {
    assertThrows(IndexOutOfBoundsException.class, () -> Keccak.hash(new byte[10], 5, 6));
  }
}
