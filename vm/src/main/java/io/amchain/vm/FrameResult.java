package io.amchain.vm;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import org.jspecify.annotations.Nullable;

/** How a frame ended: its halt, the gas it leaves, its output, and a created contract's address. */
record FrameResult(Halt halt, long gasLeft, Bytes output, @Nullable Address created) {
  static FrameResult failed(final Halt halt, final long gasLeft) {
    return new FrameResult(halt, gasLeft, Bytes.EMPTY, null);
  }
}
