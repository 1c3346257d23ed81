package io.amchain.vm;

/** A transaction that may not run in this state: nothing of it is applied. */
public final class InvalidTransactionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidTransactionException(final String message) {
    super(message);
  }
}
