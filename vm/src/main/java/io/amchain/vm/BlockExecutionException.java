package io.amchain.vm;

import io.amchain.ledger.tx.TransactionException;
import org.jspecify.annotations.Nullable;

/**
 * A block whose execution does not give what its header claims; when one of its transactions may
 * not run, that transaction's {@link TransactionException} is the cause.
 */
public final class BlockExecutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BlockExecutionException(final String message) {
    super(message);
  }

  public BlockExecutionException(final String message, final TransactionException cause) {
    super(message, cause);
  }

  /** Why the transaction that stopped the block may not run, if one did. */
  public TransactionException.@Nullable Reason transactionReason() {
    return getCause() instanceof TransactionException refused ? refused.reason() : null;
  }
}
