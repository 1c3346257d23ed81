package io.amchain.ledger.genesis;

/** A genesis file that cannot be read or makes no sense; the message names the field. */
public final class GenesisException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GenesisException(final String message) {
    super(message);
  }

  public GenesisException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
