package io.amchain.ledger.trie;

/** A trie that cannot be read: a missing or malformed node. */
public final class TrieException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrieException(final String message) {
    super(message);
  }
}
