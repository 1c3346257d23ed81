package io.amchain.ledger.tx;

/** The transaction envelopes AMChain accepts (EIP-2718 type numbers). */
public enum TransactionType {
  LEGACY(0),
  ACCESS_LIST(1),
  DYNAMIC_FEE(2);

  /** EIP-4844 blob transactions: recognised only to be refused. */
  public static final int BLOB = 3;

  private final int number;

  TransactionType(final int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }
}
