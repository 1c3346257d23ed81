package io.amchain.ledger.tx;

/**
 * A transaction that cannot be decoded, pooled or run. Its {@link Reason} is the node's one
 * vocabulary for why a transaction is refused: it travels as a value from where the rule is checked
 * (the decoder, the validator, the EVM's state transition, the pool) to the edge that reports it,
 * where the API turns it into geth's words. The detail says what was found ("have 1, want 2"), not
 * which rule was broken: that is the reason's job.
 */
public final class TransactionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a transaction is refused; stable codes for the API's error texts and for tests. */
  public enum Reason {
    // The bytes do not make a transaction.
    MALFORMED,
    UNSUPPORTED_TYPE,
    BLOB_NOT_SUPPORTED,
    INVALID_SIGNATURE,
    // Rules that need no state (TransactionValidator).
    WRONG_CHAIN_ID,
    NONCE_MAX,
    FEE_OVERFLOW,
    PRIORITY_FEE_ABOVE_MAX_FEE,
    INTRINSIC_GAS_TOO_LOW,
    INIT_CODE_TOO_LARGE,
    // Rules of the state and the block it would run in (StateTransition, the block's gas).
    BLOCK_GAS_LIMIT_REACHED,
    FEE_CAP_BELOW_BASE_FEE,
    NONCE_TOO_LOW,
    NONCE_TOO_HIGH,
    SENDER_NOT_EOA,
    INSUFFICIENT_FUNDS,
    // The pool's own rules (TxPool) and the RPC door's.
    ALREADY_KNOWN,
    OVERSIZED,
    EXCEEDS_BLOCK_GAS_LIMIT,
    UNDERPRICED,
    REPLACEMENT_UNDERPRICED,
    SENDER_LIMIT,
    POOL_FULL,
    UNPROTECTED
  }

  private final Reason reason;
  private final String detail;

  public TransactionException(final Reason reason, final String detail) {
    super(describe(reason, detail));
    this.reason = reason;
    this.detail = detail;
  }

  public TransactionException(final Reason reason, final String detail, final Throwable cause) {
    super(describe(reason, detail), cause);
    this.reason = reason;
    this.detail = detail;
  }

  private static String describe(final Reason reason, final String detail) {
    return detail.isEmpty() ? reason.name() : reason.name() + ": " + detail;
  }

  public Reason reason() {
    return reason;
  }

  /** What was found, without the rule's name; may be empty. */
  public String detail() {
    return detail;
  }
}
