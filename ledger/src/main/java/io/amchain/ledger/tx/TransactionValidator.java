package io.amchain.ledger.tx;

import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;

/**
 * The checks a transaction must pass before it may run, that need no state: chain id, value ranges,
 * fees, signature, intrinsic gas and init-code size.
 */
public final class TransactionValidator {
  /** EIP-3860: twice EIP-170's code size limit. */
  public static final int MAX_INIT_CODE_SIZE = 49_152;

  private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

  private TransactionValidator() {}

  /**
   * @throws TransactionException naming the first rule the transaction breaks
   */
  public static void validate(final Transaction tx, final Fork fork, final long chainId) {
    final UInt256 txChainId = tx.chainId();
    if (txChainId != null && !txChainId.equals(UInt256.of(chainId))) {
      throw new TransactionException(
          TransactionException.Reason.WRONG_CHAIN_ID, "have " + txChainId + " want " + chainId);
    }
    if (tx.nonce() == -1L) {
      throw new TransactionException(TransactionException.Reason.NONCE_MAX, "2^64-1 (EIP-2681)");
    }
    if (tx.maxPriorityFeePerGas().greaterThan(tx.maxFeePerGas())) {
      throw new TransactionException(
          TransactionException.Reason.PRIORITY_FEE_ABOVE_MAX_FEE,
          "maxPriorityFeePerGas: "
              + tx.maxPriorityFeePerGas()
              + ", maxFeePerGas: "
              + tx.maxFeePerGas());
    }
    final BigInteger maxCost = tx.maxFeePerGas().toBigInteger().multiply(unsigned(tx.gasLimit()));
    if (maxCost.compareTo(UINT256_LIMIT) >= 0) {
      throw new TransactionException(
          TransactionException.Reason.FEE_OVERFLOW, "gas limit * max fee per gas: " + maxCost);
    }
    if (fork.isAtLeast(Fork.SHANGHAI)
        && tx.isContractCreation()
        && tx.data().size() > MAX_INIT_CODE_SIZE) {
      throw new TransactionException(
          TransactionException.Reason.INIT_CODE_TOO_LARGE,
          "code size " + tx.data().size() + " limit " + MAX_INIT_CODE_SIZE);
    }
    final long intrinsic = IntrinsicGas.of(tx, fork);
    if (Long.compareUnsigned(tx.gasLimit(), intrinsic) < 0) {
      throw new TransactionException(
          TransactionException.Reason.INTRINSIC_GAS_TOO_LOW,
          "have " + Long.toUnsignedString(tx.gasLimit()) + ", want " + intrinsic);
    }
    tx.sender();
  }

  private static BigInteger unsigned(final long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }
}
