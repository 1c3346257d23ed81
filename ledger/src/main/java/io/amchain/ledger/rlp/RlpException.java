package io.amchain.ledger.rlp;

/** Malformed or non-canonical RLP. The message names the byte offset and the reason. */
public final class RlpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public RlpException(final int offset, final String reason) {
    super("invalid RLP at offset " + offset + ": " + reason);
    this.offset = offset;
  }

  /** Where in the input the problem starts. */
  public int offset() {
    return offset;
  }
}
