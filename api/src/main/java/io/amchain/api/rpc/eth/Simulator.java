package io.amchain.api.rpc.eth;

import io.amchain.api.rpc.BlockLookup;
import io.amchain.api.rpc.RpcError;
import io.amchain.consensus.clique.Clique;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.genesis.ForkSchedule;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.BlockEnvironment;
import io.amchain.vm.Call;
import io.amchain.vm.Halt;
import io.amchain.vm.StateTransition;
import io.amchain.vm.TransactionResult;
import java.math.BigInteger;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code eth_call} and {@code eth_estimateGas}: a message run with the EVM on a throwaway view of a
 * block's state (never committed), in that block's environment, as geth runs it.
 */
final class Simulator {
  /** A CALL's stipend: added to the optimistic first guess of the estimate, as geth does. */
  private static final long CALL_STIPEND = 2300;

  private static final long TRANSFER_GAS = 21_000;

  private static final Map<Halt, String> HALT_MESSAGES =
      Map.ofEntries(
          Map.entry(Halt.OUT_OF_GAS, "out of gas"),
          Map.entry(Halt.INVALID_OPCODE, "invalid opcode"),
          Map.entry(Halt.STACK_UNDERFLOW, "stack underflow"),
          Map.entry(Halt.STACK_OVERFLOW, "stack limit reached 1024"),
          Map.entry(Halt.BAD_JUMP_DESTINATION, "invalid jump destination"),
          Map.entry(Halt.STATIC_STATE_CHANGE, "write protection"),
          Map.entry(Halt.RETURN_DATA_OUT_OF_BOUNDS, "return data out of bounds"),
          Map.entry(Halt.CALL_DEPTH_EXCEEDED, "max call depth exceeded"),
          Map.entry(Halt.INSUFFICIENT_BALANCE, "insufficient balance for transfer"),
          Map.entry(Halt.NONCE_OVERFLOW, "nonce uint64 overflow"),
          Map.entry(Halt.CONTRACT_COLLISION, "contract address collision"),
          Map.entry(Halt.CODE_SIZE_EXCEEDED, "max code size exceeded"),
          Map.entry(Halt.INVALID_CODE_PREFIX, "invalid code: must not begin with 0xef"),
          Map.entry(Halt.PRECOMPILE_FAILURE, "precompiled contract failed"));

  private final BlockLookup blocks;
  private final long chainId;
  private final ForkSchedule forks;
  private final long gasCap;

  Simulator(final BlockLookup blocks, final Genesis genesis, final long gasCap) {
    this.blocks = blocks;
    this.chainId = genesis.chainId();
    this.forks = genesis.forks();
    this.gasCap = gasCap;
  }

  /** The call's output; a revert is error 3 with the output as data, another failure -32000. */
  Bytes call(final CallArgs args, final Block block) {
    final long gas = cappedGas(args.gas());
    final TransactionResult result;
    try {
      result = run(args, block, gas);
    } catch (TransactionException e) {
      throw RpcError.SERVER_ERROR.exception(
          "err: " + RpcError.inGethWords(e.reason(), e.detail()) + " (supplied gas " + gas + ")");
    }
    if (!result.success()) {
      throw failure(result);
    }
    return result.output();
  }

  /**
   * The gas a simulation runs with: what the call gives (an unsigned 64-bit quantity, so 2^63 and
   * above are large, not negative), at most the cap.
   */
  private long cappedGas(final @Nullable Long given) {
    return given == null || Long.compareUnsigned(given, gasCap) > 0 ? gasCap : given;
  }

  /**
   * The least gas with which the message succeeds: a binary search between what one run used and
   * the most the sender can pay for, as geth's estimator does (without its 1.5 % early stop).
   */
  long estimate(final CallArgs args, final Block block) {
    final Long given = args.gas();
    long hi =
        given != null && Long.compareUnsigned(given, TRANSFER_GAS) >= 0
            ? cappedGas(given)
            : block.header().gasLimit();
    final UInt256 price = price(args, block.header());
    if (!price.isZero()) {
      final UInt256 balance = state(block).getBalance(from(args));
      if (args.value().greaterThan(balance)) {
        throw RpcError.SERVER_ERROR.exception("insufficient funds for transfer");
      }
      final BigInteger allowance =
          balance.subtract(args.value()).toBigInteger().divide(price.toBigInteger());
      if (allowance.compareTo(BigInteger.valueOf(hi)) < 0) {
        hi = allowance.longValue();
      }
    }
    hi = Math.min(hi, gasCap);
    final Address to = args.to();
    if (to != null
        && args.data().isEmpty()
        && state(block).getCodeHash(to).equals(Keccak.EMPTY)
        && succeeds(args, block, TRANSFER_GAS)) {
      return TRANSFER_GAS;
    }
    final TransactionResult first;
    try {
      first = run(args, block, hi);
    } catch (TransactionException e) {
      throw RpcError.transactionRefused(e.reason(), e.detail());
    }
    if (!first.success()) {
      if (first.halt() == Halt.REVERT) {
        throw failure(first);
      }
      throw RpcError.SERVER_ERROR.exception("gas required exceeds allowance (" + hi + ")");
    }
    long lo = first.gasUsed() - 1;
    final long optimistic = (first.gasUsed() + CALL_STIPEND) * 64 / 63;
    if (optimistic > lo && optimistic < hi) {
      if (succeeds(args, block, optimistic)) {
        hi = optimistic;
      } else {
        lo = optimistic;
      }
    }
    while (lo + 1 < hi) {
      final long mid = lo + (hi - lo) / 2;
      if (succeeds(args, block, mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private boolean succeeds(final CallArgs args, final Block block, final long gas) {
    try {
      return run(args, block, gas).success();
    } catch (TransactionException e) {
      return false;
    }
  }

  private TransactionResult run(final CallArgs args, final Block block, final long gas) {
    final BlockHeader header = block.header();
    final UInt256 price = price(args, header);
    final Call call =
        new Call(from(args), args.to(), gas, price, args.value(), args.data(), args.accessList());
    return StateTransition.call(
        state(block), environment(header, price), forks.rulesOf(header), call, null);
  }

  private UInt256 price(final CallArgs args, final BlockHeader header) {
    final UInt256 baseFee = header.baseFee() == null ? UInt256.ZERO : header.baseFee();
    try {
      return args.effectiveGasPrice(baseFee);
    } catch (IllegalArgumentException e) {
      throw RpcError.SERVER_ERROR.exception(String.valueOf(e.getMessage()));
    }
  }

  private static Address from(final CallArgs args) {
    return args.from() == null ? Address.ZERO : args.from();
  }

  /** A fresh view of the block's state: the simulation's writes stay in it and die with it. */
  private WorldState state(final Block block) {
    return TrieWorldState.at(blocks.backend().stateNodes(), block.header().stateRoot());
  }

  /**
   * The block's environment. A message that pays nothing runs with base fee 0, as geth's eth_call
   * does, so that it passes the fee rules and BASEFEE reads 0.
   */
  private BlockEnvironment environment(final BlockHeader header, final UInt256 price) {
    final BlockEnvironment block =
        BlockEnvironment.of(
            header,
            header.number() == 0 ? Address.ZERO : Clique.signer(header),
            chainId,
            this::canonicalHash);
    return price.isZero() ? block.withBaseFee(UInt256.ZERO) : block;
  }

  private Hash canonicalHash(final long number) {
    final Hash hash = blocks.chainStore().canonicalHash(number);
    return hash == null ? Hash.ZERO : hash;
  }

  private static RuntimeException failure(final TransactionResult result) {
    if (result.halt() == Halt.REVERT) {
      return RpcError.EXECUTION_REVERTED.exception(
          RevertReason.message(result.output()), result.output());
    }
    return RpcError.SERVER_ERROR.exception(
        HALT_MESSAGES.getOrDefault(result.halt(), result.halt().name()));
  }
}
