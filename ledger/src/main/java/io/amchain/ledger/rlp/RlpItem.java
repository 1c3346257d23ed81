package io.amchain.ledger.rlp;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.Arrays;
import java.util.List;

/**
 * RLP's whole data model: an item is a byte string or a list of items. Items built by the decoder
 * remember the offset they started at, so that a later check (a scalar with a leading zero, a hash
 * of the wrong length) can say where the bad value was.
 */
public sealed interface RlpItem permits RlpString, RlpList {

  /** Offset in the decoded input, or -1 for an item built in memory. */
  int offset();

  default RlpString asString() {
    if (this instanceof RlpString string) {
      return string;
    }
    throw new RlpException(offset(), "expected a string, found a list");
  }

  default RlpList asList() {
    if (this instanceof RlpList list) {
      return list;
    }
    throw new RlpException(offset(), "expected a list, found a string");
  }

  static RlpString of(final Bytes bytes) {
    return new RlpString(bytes, -1);
  }

  static RlpString of(final long scalar) {
    if (scalar < 0) {
      throw new IllegalArgumentException("RLP scalars are unsigned: " + scalar);
    }
    return of(Bytes.minimal(scalar));
  }

  static RlpString of(final UInt256 scalar) {
    return of(scalar.toMinimalBytes());
  }

  static RlpString of(final Hash hash) {
    return of(hash.bytes());
  }

  static RlpString of(final Address address) {
    return of(address.bytes());
  }

  static RlpList list(final RlpItem... items) {
    return new RlpList(List.copyOf(Arrays.asList(items)), -1);
  }

  static RlpList list(final List<? extends RlpItem> items) {
    return new RlpList(List.copyOf(items), -1);
  }
}
