package io.amchain.ledger.rlp;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** An RLP list. */
public final class RlpList implements RlpItem {
  private final List<RlpItem> items;
  private final int offset;

  RlpList(final List<RlpItem> items, final int offset) {
    this.items = items;
    this.offset = offset;
  }

  public List<RlpItem> items() {
    return items;
  }

  public int size() {
    return items.size();
  }

  public RlpItem get(final int index) {
    return items.get(index);
  }

  public RlpString string(final int index) {
    return items.get(index).asString();
  }

  @Override
  public int offset() {
    return offset;
  }

  /** Fails unless the list has exactly {@code expected} items; {@code what} names the structure. */
  public RlpList requireSize(final int expected, final String what) {
    if (items.size() != expected) {
      throw new RlpException(
          offset, what + " must have " + expected + " fields, found " + items.size());
    }
    return this;
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof RlpList that && items.equals(that.items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  @Override
  public String toString() {
    return items.toString();
  }
}
