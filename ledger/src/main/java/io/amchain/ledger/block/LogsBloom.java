package io.amchain.ledger.block;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The 2048-bit filter over log addresses and topics (Yellow Paper §4.3.1): each value sets three
 * bits chosen by the low 11 bits of the first three byte pairs of its Keccak hash.
 */
public final class LogsBloom {
  public static final int BYTES = 256;
  public static final LogsBloom EMPTY = new LogsBloom(new byte[BYTES]);

  private final byte[] bits;

  private LogsBloom(final byte[] bits) {
    this.bits = bits;
  }

  public static LogsBloom of(final Bytes bytes) {
    if (bytes.size() != BYTES) {
      throw new IllegalArgumentException("a logs bloom is 256 bytes, got " + bytes.size());
    }
    return new LogsBloom(bytes.toArray());
  }

  /** The bloom of a list of logs. */
  public static LogsBloom of(final Iterable<Log> logs) {
    final byte[] bits = new byte[BYTES];
    for (final Log log : logs) {
      set(bits, log.address().bytes());
      for (final Hash topic : log.topics()) {
        set(bits, topic.bytes());
      }
    }
    return new LogsBloom(bits);
  }

  public LogsBloom or(final LogsBloom other) {
    final byte[] out = bits.clone();
    for (int i = 0; i < BYTES; i++) {
      out[i] |= other.bits[i];
    }
    return new LogsBloom(out);
  }

  /** False means certainly absent; true means possibly present. */
  public boolean mightContain(final Bytes value) {
    final byte[] probe = new byte[BYTES];
    set(probe, value);
    for (int i = 0; i < BYTES; i++) {
      if ((bits[i] & probe[i]) != probe[i]) {
        return false;
      }
    }
    return true;
  }

  public boolean mightContain(final Address address) {
    return mightContain(address.bytes());
  }

  public boolean mightContain(final Hash topic) {
    return mightContain(topic.bytes());
  }

  private static void set(final byte[] bits, final Bytes value) {
    final byte[] hash = Keccak.hash(value).toArray();
    for (int i = 0; i < 6; i += 2) {
      final int bit = ((hash[i] & 0x07) << 8 | (hash[i + 1] & 0xff));
      bits[BYTES - 1 - bit / 8] |= (byte) (1 << (bit % 8));
    }
  }

  public Bytes toBytes() {
    return Bytes.of(bits);
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof LogsBloom that && Arrays.equals(bits, that.bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    return toBytes().toHex();
  }
}
