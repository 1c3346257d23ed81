package io.amchain.ledger.tx;

/** A transaction that cannot be decoded or is invalid before it runs. */
public final class TransactionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable codes, for mapping to JSON-RPC errors and for tests. */
  public enum Reason {
    MALFORMED,
    UNSUPPORTED_TYPE,
    BLOB_NOT_SUPPORTED,
    WRONG_CHAIN_ID,
    NONCE_MAX,
    FEE_OVERFLOW,
    PRIORITY_FEE_ABOVE_MAX_FEE,
    INTRINSIC_GAS_TOO_LOW,
    INIT_CODE_TOO_LARGE,
    INVALID_SIGNATURE
  }

  private final Reason reason;

  public TransactionException(final Reason reason, final String message) {
    super(message);
    this.reason = reason;
  }

  public TransactionException(final Reason reason, final String message, final Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
