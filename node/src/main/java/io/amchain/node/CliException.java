package io.amchain.node;

/** A user error: printed as "error: message" with a non-zero exit, without a stack trace. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(final String message) {
    super(message);
  }
}
