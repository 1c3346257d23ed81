package io.amchain.api;

import io.amchain.ledger.tx.TransactionException;

/**
 * The mempool refused a transaction: why, and what it found. {@code eth_sendRawTransaction} returns
 * it as error -32000 in geth's words ({@link io.amchain.api.rpc.RpcError#transactionRefused}).
 */
public final class TransactionRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final TransactionException.Reason reason;
  private final String detail;

  public TransactionRejectedException(
      final TransactionException.Reason reason, final String detail) {
    super(detail.isEmpty() ? reason.name() : reason.name() + ": " + detail);
    this.reason = reason;
    this.detail = detail;
  }

  public TransactionException.Reason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }
}
