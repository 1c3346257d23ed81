package io.amchain.vm;

import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.tx.AccessList;
import io.amchain.ledger.tx.IntrinsicGas;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.tx.TransactionException.Reason;
import io.amchain.ledger.tx.TransactionValidator;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * Applies one transaction to the world state (Yellow Paper §6 with the EIPs through Cancun): checks
 * it against the state, buys its gas, runs it, refunds, pays the tip to the coinbase and burns the
 * base fee, then removes self-destructed and touched empty accounts.
 *
 * <p>It checks only what depends on the state and the block. The rules that need no state ({@link
 * io.amchain.ledger.tx.TransactionValidator}) are checked once, where a transaction enters: at the
 * pool's door for a client's transaction, by {@link BlockProcessor} for a block from a peer.
 */
public final class StateTransition {
  /** EIP-3529: refunds are capped at a fifth of the gas used. */
  private static final long REFUND_QUOTIENT = 5;

  private StateTransition() {}

  /**
   * Runs a transaction that has passed {@link io.amchain.ledger.tx.TransactionValidator}.
   *
   * @throws TransactionException if the transaction may not run in this state and block; the state
   *     is untouched
   */
  public static TransactionResult apply(
      final WorldState world,
      final BlockEnvironment block,
      final Fork fork,
      final Transaction tx,
      final @Nullable Tracer tracer) {
    final Address sender = tx.sender();
    final UInt256 baseFee = block.baseFee();
    if (Long.compareUnsigned(tx.gasLimit(), block.gasLimit()) > 0) {
      throw new TransactionException(
          Reason.BLOCK_GAS_LIMIT_REACHED,
          "tx gas "
              + Long.toUnsignedString(tx.gasLimit())
              + " above block gas limit "
              + block.gasLimit());
    }
    if (tx.maxFeePerGas().lessThan(baseFee)) {
      throw new TransactionException(
          Reason.FEE_CAP_BELOW_BASE_FEE,
          "maxFeePerGas: " + tx.maxFeePerGas() + ", baseFee: " + baseFee);
    }
    final long nonce = world.getNonce(sender);
    if (tx.nonce() != nonce) {
      throw new TransactionException(
          Long.compareUnsigned(tx.nonce(), nonce) < 0
              ? Reason.NONCE_TOO_LOW
              : Reason.NONCE_TOO_HIGH,
          "address "
              + sender
              + ", tx: "
              + Long.toUnsignedString(tx.nonce())
              + " state: "
              + Long.toUnsignedString(nonce));
    }
    if (!world.getCodeHash(sender).equals(Keccak.EMPTY) && world.exists(sender)) {
      throw new TransactionException(Reason.SENDER_NOT_EOA, "address " + sender);
    }
    final BigInteger gasLimit = new BigInteger(Long.toUnsignedString(tx.gasLimit()));
    final BigInteger maxCost =
        gasLimit.multiply(tx.maxFeePerGas().toBigInteger()).add(tx.value().toBigInteger());
    requireFunds(world, sender, maxCost);
    return execute(
        world,
        block,
        fork,
        sender,
        nonce,
        tx.effectiveGasPrice(baseFee),
        tx.gasLimit(),
        tx.to(),
        tx.value(),
        tx.data(),
        tx.accessList(),
        IntrinsicGas.of(tx, fork),
        tracer);
  }

  /**
   * Simulates an unsigned message as geth's {@code eth_call} does: no signature, nonce, EOA or base
   * fee checks, and no block gas limit; the sender must still afford {@code gas * gasPrice +
   * value}. Run it on a state that is thrown away afterwards.
   *
   * @throws TransactionException if the message cannot start; the state is untouched
   */
  public static TransactionResult call(
      final WorldState world,
      final BlockEnvironment block,
      final Fork fork,
      final Call call,
      final @Nullable Tracer tracer) {
    final boolean creation = call.to() == null;
    final long intrinsic = IntrinsicGas.of(call.data(), creation, call.accessList(), fork);
    if (Long.compareUnsigned(call.gas(), intrinsic) < 0) {
      throw new TransactionException(
          Reason.INTRINSIC_GAS_TOO_LOW,
          "have " + Long.toUnsignedString(call.gas()) + ", want " + intrinsic);
    }
    if (fork.isAtLeast(Fork.SHANGHAI)
        && creation
        && call.data().size() > TransactionValidator.MAX_INIT_CODE_SIZE) {
      throw new TransactionException(
          Reason.INIT_CODE_TOO_LARGE,
          "code size " + call.data().size() + " limit " + TransactionValidator.MAX_INIT_CODE_SIZE);
    }
    final BigInteger maxCost =
        new BigInteger(Long.toUnsignedString(call.gas()))
            .multiply(call.gasPrice().toBigInteger())
            .add(call.value().toBigInteger());
    requireFunds(world, call.from(), maxCost);
    final long nonce = world.getNonce(call.from());
    if (nonce == -1L) {
      throw new TransactionException(
          Reason.NONCE_MAX, "address " + call.from() + ", nonce: 2^64-1");
    }
    return execute(
        world,
        block,
        fork,
        call.from(),
        nonce,
        call.gasPrice(),
        call.gas(),
        call.to(),
        call.value(),
        call.data(),
        call.accessList(),
        intrinsic,
        tracer);
  }

  /** The address a contract created by {@code sender} with this nonce gets (CREATE). */
  public static Address contractAddress(final Address sender, final long nonce) {
    return Calls.createAddress(sender, nonce);
  }

  /** Runs a message that passed its checks: from here on it changes the state, whatever happens. */
  private static void requireFunds(
      final WorldState world, final Address sender, final BigInteger maxCost) {
    final UInt256 balance = world.getBalance(sender);
    if (balance.toBigInteger().compareTo(maxCost) < 0) {
      throw new TransactionException(
          Reason.INSUFFICIENT_FUNDS, "address " + sender + " have " + balance + " want " + maxCost);
    }
  }

  private static TransactionResult execute(
      final WorldState world,
      final BlockEnvironment block,
      final Fork fork,
      final Address sender,
      final long nonce,
      final UInt256 gasPrice,
      final long gas,
      final @Nullable Address to,
      final UInt256 value,
      final Bytes data,
      final AccessList accessList,
      final long intrinsicGas,
      final @Nullable Tracer tracer) {
    final UInt256 baseFee = block.baseFee();
    final Evm evm = new Evm(world, block, fork, sender, Word.of(gasPrice), tracer);
    world.subtractBalance(
        sender, gasPrice.multiply(UInt256.of(new BigInteger(Long.toUnsignedString(gas)))));
    evm.warm(sender);
    if (to != null) {
      evm.warm(to);
    }
    if (fork.isAtLeast(Fork.SHANGHAI)) {
      evm.warm(block.coinbase()); // EIP-3651
    }
    for (final AccessList.Entry entry : accessList.entries()) {
      evm.warm(entry.address());
      for (final Hash key : entry.storageKeys()) {
        evm.warmSlot(entry.address(), Word.of(key));
      }
    }
    final long executionGas = gas - intrinsicGas;
    final FrameResult result;
    if (to == null) {
      final Address address = Calls.createAddress(sender, nonce);
      result =
          evm.create(
              new Message(
                  Message.Kind.CREATE,
                  sender,
                  address,
                  address,
                  Word.of(value),
                  Bytes.EMPTY,
                  executionGas,
                  0,
                  false,
                  Code.of(data)),
              address);
    } else {
      world.setNonce(sender, nonce + 1);
      result =
          evm.call(
              new Message(
                  Message.Kind.CALL,
                  sender,
                  to,
                  to,
                  Word.of(value),
                  data,
                  executionGas,
                  0,
                  false,
                  Code.of(world, to)));
    }
    long gasLeft = result.gasLeft();
    final long used = gas - gasLeft;
    final long refund = Math.min(used / REFUND_QUOTIENT, Math.max(0, evm.refund()));
    gasLeft += refund;
    final long gasUsed = gas - gasLeft;
    world.addBalance(sender, gasPrice.multiply(UInt256.of(gasLeft)));
    // A simulated call may pay less than the base fee (or nothing): the coinbase then gets no tip.
    final UInt256 tip = gasPrice.greaterThan(baseFee) ? gasPrice.subtract(baseFee) : UInt256.ZERO;
    evm.addBalance(block.coinbase(), tip.multiply(UInt256.of(gasUsed)));

    for (final Address destroyed : evm.selfDestructs()) {
      world.deleteAccount(destroyed);
    }
    for (final Address address : evm.touched()) {
      if (world.exists(address) && world.isEmpty(address)) {
        world.deleteAccount(address);
      }
    }
    world.finishTransaction();
    final boolean success = result.halt().isSuccess();
    return new TransactionResult(
        success,
        gasUsed,
        success ? java.util.List.copyOf(evm.logs()) : java.util.List.of(),
        result.output(),
        success ? result.created() : null,
        result.halt());
  }

  /** The default price of a blob's gas from the excess blob gas (EIP-4844's fake exponential). */
  public static UInt256 blobBaseFee(final long excessBlobGas) {
    final BigInteger factor = BigInteger.ONE;
    final BigInteger numerator = BigInteger.valueOf(excessBlobGas);
    final BigInteger denominator = BigInteger.valueOf(3_338_477);
    BigInteger output = BigInteger.ZERO;
    BigInteger accumulator = factor.multiply(denominator);
    int i = 1;
    while (accumulator.signum() > 0) {
      output = output.add(accumulator);
      accumulator =
          accumulator.multiply(numerator).divide(denominator.multiply(BigInteger.valueOf(i)));
      i++;
    }
    return UInt256.of(output.divide(denominator));
  }
}
