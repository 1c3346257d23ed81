package io.amchain.vm;

import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import java.util.Arrays;

/** A frame's byte-addressed memory, grown in 32-byte words. */
final class Memory {
  private static final byte[] NONE = new byte[0];

  /** Starts empty: many frames use little or no memory, and each frame allocates its own. */
  private byte[] data = NONE;

  private long size;

  long size() {
    return size;
  }

  long words() {
    return size / 32;
  }

  /** Grows memory to cover [offset, offset+length); the caller has paid for it. */
  void ensure(final long offset, final long length) {
    if (length == 0 || offset + length <= size) {
      return;
    }
    final long end = Gas.words(offset + length) * 32;
    if (end <= size) {
      return;
    }
    if (end > data.length) {
      data =
          Arrays.copyOf(
              data,
              (int)
                  Math.max(
                      Math.max(end, 256), Math.min((long) data.length * 2, Integer.MAX_VALUE - 8)));
    }
    size = end;
  }

  byte[] read(final long offset, final long length) {
    if (length == 0) {
      return new byte[0];
    }
    return Arrays.copyOfRange(data, (int) offset, (int) (offset + length));
  }

  /** KECCAK256 of [offset, offset+length), read in place. */
  Hash hash(final long offset, final long length) {
    return length == 0 ? Keccak.EMPTY : Keccak.hash(data, (int) offset, (int) length);
  }

  Word readWord(final long offset) {
    return Word.fromBytes(data, (int) offset, 32);
  }

  void writeWord(final long offset, final Word value) {
    value.writeTo(data, (int) offset);
  }

  void writeByte(final long offset, final byte value) {
    data[(int) offset] = value;
  }

  /** Copies {@code length} bytes of {@code source} from {@code sourceOffset}, zero past its end. */
  void write(final long offset, final byte[] source, final long sourceOffset, final long length) {
    if (length == 0) {
      return;
    }
    final int start = (int) offset;
    final long available = Math.max(0, Math.min(length, source.length - sourceOffset));
    if (available > 0) {
      System.arraycopy(source, (int) sourceOffset, data, start, (int) available);
    }
    Arrays.fill(data, start + (int) available, start + (int) length, (byte) 0);
  }

  /** MCOPY: copy within memory, overlapping regions allowed. */
  void copyWithin(final long destination, final long source, final long length) {
    if (length > 0) {
      System.arraycopy(data, (int) source, data, (int) destination, (int) length);
    }
  }
}
