package io.amchain.api;

import io.amchain.ledger.types.Hash;
import java.time.Duration;

/**
 * The mempool stored a transaction durably but no peer acknowledged it in time: it is on this node
 * only. {@code eth_sendRawTransaction} returns it as error -32000 with the hash as its data, so a
 * client knows the transaction exists and that a crash of this node would lose it.
 */
public final class TransactionNotReplicatedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Hash hash;

  public TransactionNotReplicatedException(final Hash hash, final Duration waited) {
    super(
        "transaction stored on this node but not replicated: no peer acknowledged it within "
            + waited.toMillis()
            + " ms; it stays in this node's pool");
    this.hash = hash;
  }

  public Hash hash() {
    return hash;
  }
}
