package io.amchain.consensus.chain;

import io.amchain.ledger.types.Hash;

/** A block that may not join the chain; the message names the block and the broken rule. */
public final class BlockImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long number;
  private final transient Hash hash;

  public BlockImportException(final long number, final Hash hash, final String reason) {
    super("block " + number + " (" + hash + "): " + reason);
    this.number = number;
    this.hash = hash;
  }

  public long number() {
    return number;
  }

  public Hash hash() {
    return hash;
  }
}
