package io.amchain.ledger.crypto;

/** A signature from which no public key can be recovered. */
public final class InvalidSignatureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(final String message) {
    super(message);
  }
}
