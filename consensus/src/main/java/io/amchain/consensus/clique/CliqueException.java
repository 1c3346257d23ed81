package io.amchain.consensus.clique;

/** A header that breaks a Clique rule; {@link #error()} says which. */
public final class CliqueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final CliqueError error;

  public CliqueException(final CliqueError error) {
    this(error, "");
  }

  public CliqueException(final CliqueError error, final String detail) {
    super(detail.isEmpty() ? error.message() : error.message() + ": " + detail);
    this.error = error;
  }

  public CliqueError error() {
    return error;
  }
}
