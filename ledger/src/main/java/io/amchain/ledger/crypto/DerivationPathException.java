package io.amchain.ledger.crypto;

/** A BIP-32 derivation path that cannot be parsed; the message quotes it and says why. */
public final class DerivationPathException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DerivationPathException(final String path, final String reason) {
    super("bad derivation path \"" + path + "\": " + reason);
  }
}
