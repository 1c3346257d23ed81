package io.amchain.ledger.crypto;

/** A key file or keystore operation that failed; {@link #reason()} says which way. */
public final class KeystoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The stable reason, for callers that react differently to each. */
  public enum Reason {
    /** The password does not open the key file (its MAC does not match). */
    WRONG_PASSWORD,
    /** The file is not a Web3 Secret Storage v3 key file, or a field is missing or malformed. */
    MALFORMED,
    /** A version, cipher, KDF or parameter this implementation does not take. */
    UNSUPPORTED,
    /** The keystore already holds a key for that address. */
    ACCOUNT_EXISTS,
    /** The keystore holds no key for that address. */
    NO_SUCH_ACCOUNT,
    /** The key inside a file is not the key of the address the file claims. */
    KEY_MISMATCH
  }

  private final Reason reason;

  public KeystoreException(final Reason reason, final String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
