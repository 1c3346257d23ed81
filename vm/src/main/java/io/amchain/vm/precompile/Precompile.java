package io.amchain.vm.precompile;

import io.amchain.ledger.types.Bytes;
import org.jspecify.annotations.Nullable;

/** A contract implemented natively at a fixed address. */
public interface Precompile {
  long gasCost(Bytes input);

  /** The output, or null when the input is invalid (the call fails and consumes all its gas). */
  @Nullable Bytes run(Bytes input);
}
