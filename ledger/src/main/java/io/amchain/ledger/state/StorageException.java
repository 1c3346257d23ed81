package io.amchain.ledger.state;

/** The disk store failed: the node cannot go on safely. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
