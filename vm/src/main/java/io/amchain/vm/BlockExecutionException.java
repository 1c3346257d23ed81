package io.amchain.vm;

/** A block whose execution does not give what its header claims. */
public final class BlockExecutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BlockExecutionException(final String message) {
    super(message);
  }
}
