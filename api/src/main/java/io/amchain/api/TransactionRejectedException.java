package io.amchain.api;

/**
 * The mempool refused a transaction. The message is geth's text for the same refusal ("nonce too
 * low", "already known", ...): {@code eth_sendRawTransaction} returns it verbatim as error -32000,
 * which is what ethers, web3j and Hardhat match on.
 */
public final class TransactionRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TransactionRejectedException(final String gethMessage) {
    super(gethMessage);
  }
}
