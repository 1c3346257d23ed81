package io.amchain.ledger.block;

import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;

/** EIP-1559's header rules: the base fee of the next block and how far gas limits may move. */
public final class FeeMarket {
  /** Base fee of the first London block. */
  public static final UInt256 INITIAL_BASE_FEE = UInt256.of(1_000_000_000L);

  public static final long ELASTICITY_MULTIPLIER = 2;
  public static final long BASE_FEE_CHANGE_DENOMINATOR = 8;
  public static final long GAS_LIMIT_BOUND_DIVISOR = 1024;
  public static final long MIN_GAS_LIMIT = 5000;

  private FeeMarket() {}

  /** The base fee a child of {@code parent} must carry; {@code parent} must be a London block. */
  public static UInt256 nextBaseFee(final BlockHeader parent) {
    final UInt256 parentBaseFee = parent.baseFee();
    if (parentBaseFee == null) {
      return INITIAL_BASE_FEE;
    }
    final long target = parent.gasLimit() / ELASTICITY_MULTIPLIER;
    if (parent.gasUsed() == target || target == 0) {
      return parentBaseFee;
    }
    final BigInteger fee = parentBaseFee.toBigInteger();
    if (parent.gasUsed() > target) {
      final BigInteger delta =
          fee.multiply(BigInteger.valueOf(parent.gasUsed() - target))
              .divide(BigInteger.valueOf(target))
              .divide(BigInteger.valueOf(BASE_FEE_CHANGE_DENOMINATOR))
              .max(BigInteger.ONE);
      return UInt256.of(fee.add(delta));
    }
    final BigInteger delta =
        fee.multiply(BigInteger.valueOf(target - parent.gasUsed()))
            .divide(BigInteger.valueOf(target))
            .divide(BigInteger.valueOf(BASE_FEE_CHANGE_DENOMINATOR));
    return UInt256.of(fee.subtract(delta).max(BigInteger.ZERO));
  }

  /**
   * Whether a gas limit may follow the parent's: it moves by less than 1/1024 of it and stays at
   * least 5000. At the London fork the parent's limit counts doubled (the elasticity).
   */
  public static boolean validGasLimit(final long parentGasLimit, final long gasLimit) {
    final long diff = Math.abs(parentGasLimit - gasLimit);
    return diff < parentGasLimit / GAS_LIMIT_BOUND_DIVISOR && gasLimit >= MIN_GAS_LIMIT;
  }
}
