package io.amchain.contracts;

/**
 * A platform operation that cannot go on, with a sentence for the user: an endpoint that does not
 * answer, a transaction that reverted (with the contract's custom error), a manifest that does not
 * match the chain, bad deployment settings.
 */
public final class PlatformException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlatformException(final String message) {
    super(message);
  }

  public PlatformException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
