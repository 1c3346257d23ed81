package io.amchain.ledger.trie;

import io.amchain.ledger.types.Bytes;

/** Keys as sequences of 4-bit nibbles, and the Yellow Paper's hex-prefix encoding of paths. */
final class Nibbles {
  private Nibbles() {}

  /** Internal and short-lived: never compared or hashed, so the array component is harmless. */
  @SuppressWarnings("ArrayRecordComponent")
  record Decoded(byte[] nibbles, boolean leaf) {}

  static byte[] of(final Bytes key) {
    final byte[] out = new byte[key.size() * 2];
    for (int i = 0; i < key.size(); i++) {
      out[2 * i] = (byte) (key.unsigned(i) >> 4);
      out[2 * i + 1] = (byte) (key.unsigned(i) & 0xf);
    }
    return out;
  }

  /** Flag nibble: bit 1 = leaf, bit 0 = odd length; an even path gets a zero pad nibble. */
  static Bytes hexPrefix(final byte[] path, final boolean leaf) {
    final boolean odd = path.length % 2 == 1;
    final int flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
    final byte[] out = new byte[path.length / 2 + 1];
    int nibble = 0;
    if (odd) {
      out[0] = (byte) ((flag << 4) | path[0]);
      nibble = 1;
    } else {
      out[0] = (byte) (flag << 4);
    }
    for (int i = 1; i < out.length; i++) {
      out[i] = (byte) ((path[nibble] << 4) | path[nibble + 1]);
      nibble += 2;
    }
    return Bytes.wrap(out);
  }

  static Decoded fromHexPrefix(final Bytes encoded) {
    if (encoded.isEmpty()) {
      throw new TrieException("empty hex-prefix path");
    }
    final int flag = encoded.unsigned(0) >> 4;
    if (flag > 3) {
      throw new TrieException("invalid hex-prefix flag " + flag);
    }
    final boolean odd = (flag & 1) == 1;
    final byte[] out = new byte[(encoded.size() - 1) * 2 + (odd ? 1 : 0)];
    int position = 0;
    if (odd) {
      out[position++] = (byte) (encoded.unsigned(0) & 0xf);
    }
    for (int i = 1; i < encoded.size(); i++) {
      out[position++] = (byte) (encoded.unsigned(i) >> 4);
      out[position++] = (byte) (encoded.unsigned(i) & 0xf);
    }
    return new Decoded(out, (flag & 2) == 2);
  }

  static int commonPrefix(final byte[] a, final int aFrom, final byte[] b) {
    int i = 0;
    while (aFrom + i < a.length && i < b.length && a[aFrom + i] == b[i]) {
      i++;
    }
    return i;
  }
}
