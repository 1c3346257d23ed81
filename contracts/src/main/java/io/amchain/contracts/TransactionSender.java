package io.amchain.contracts;

import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import java.math.BigInteger;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * One account sending EIP-1559 transactions, signed locally with its key for the chain's id, to a
 * {@link Chain}. {@link #transact} is the one-at-a-time path (estimate, sign, send, wait, check);
 * {@link #sign} and {@link Chain#sendRawTransaction} let a caller send a burst with explicit
 * nonces.
 */
public final class TransactionSender {
  /** How long a transaction may take to be mined before we give up on it. */
  public static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(2);

  private final Chain chain;
  private final Credentials credentials;
  private final Address address;

  private TransactionSender(final Chain chain, final Credentials credentials) {
    this.chain = chain;
    this.credentials = credentials;
    this.address = Address.fromHex(credentials.getAddress());
  }

  public static TransactionSender of(final Chain chain, final PrivateKey key) {
    return new TransactionSender(chain, Credentials.create(key.toBytes().toHex()));
  }

  public Chain chain() {
    return chain;
  }

  public Address address() {
    return address;
  }

  /** The signed raw transaction (0x-hex); {@code to} null creates a contract. */
  public String sign(
      final @Nullable Address to,
      final BigInteger value,
      final String data,
      final BigInteger gasLimit,
      final BigInteger nonce,
      final Chain.FeeCaps fees) {
    final RawTransaction transaction =
        RawTransaction.createTransaction(
            chain.chainId(),
            nonce,
            gasLimit,
            to == null ? "" : to.toHex(),
            value,
            data,
            fees.maxPriorityFeePerGas(),
            fees.maxFeePerGas());
    return Numeric.toHexString(TransactionEncoder.signMessage(transaction, credentials));
  }

  /**
   * Sends one transaction at the account's next nonce with the gas the node estimates, waits for
   * its receipt and returns it; a revert (caught by the estimate, or in the block) throws.
   */
  public TransactionReceipt transact(
      final @Nullable Address to, final BigInteger value, final String data) {
    final BigInteger gas = chain.estimateGas(address, to, value, data);
    final String hash =
        chain.sendRawTransaction(
            sign(to, value, data, gas, chain.pendingNonce(address), chain.feeCaps()));
    return requireSuccess(chain.awaitReceipt(hash, RECEIPT_TIMEOUT));
  }

  /** The receipt, if its transaction succeeded. */
  public static TransactionReceipt requireSuccess(final TransactionReceipt receipt) {
    if (!receipt.isStatusOK()) {
      throw new PlatformException(
          "transaction "
              + receipt.getTransactionHash()
              + " reverted in block "
              + receipt.getBlockNumber()
              + " (gas used "
              + receipt.getGasUsed()
              + ")");
    }
    return receipt;
  }
}
