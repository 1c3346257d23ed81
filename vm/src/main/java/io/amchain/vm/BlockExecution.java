package io.amchain.vm;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.LogsBloom;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.genesis.ForkSchedule;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A block's transactions run one after another on one state, under the rules the chain's schedule
 * names for the block: each run gives a receipt with the gas used so far, whose logs join the
 * block's bloom. The one loop behind {@link BlockAssembler}, which decides what to include, and
 * {@link BlockProcessor}, which checks what a header claims.
 */
public final class BlockExecution {
  private final WorldState world;
  private final BlockEnvironment environment;
  private final Fork fork;
  private final List<Receipt> receipts = new ArrayList<>();
  private LogsBloom bloom = LogsBloom.EMPTY;
  private long gasUsed;

  /**
   * Starts on {@code world}, the parent's state, which this execution then owns.
   *
   * @param header what execution sees of the block: number, timestamp, gas limit, base fee, mix
   *     hash
   * @param author who receives the tips: on Clique, the block's signer
   */
  public BlockExecution(
      final WorldState world,
      final BlockHeader header,
      final Address author,
      final long chainId,
      final ForkSchedule forks,
      final LongFunction<Hash> blockHashes) {
    this.world = world;
    this.environment = BlockEnvironment.of(header, author, chainId, blockHashes);
    this.fork = forks.rulesOf(header);
  }

  /** Whether the gas the transaction asks for is still left in the block. */
  public boolean fits(final Transaction tx) {
    return Long.compareUnsigned(tx.gasLimit(), environment.gasLimit() - gasUsed) <= 0;
  }

  /** The rules the block runs under. */
  public Fork fork() {
    return fork;
  }

  /**
   * Runs a transaction that has passed {@link io.amchain.ledger.tx.TransactionValidator} and
   * appends its receipt.
   *
   * @throws io.amchain.ledger.tx.TransactionException if it may not run on the state so far (nonce,
   *     funds, ...); the state is then as before
   */
  public Receipt apply(final Transaction tx) {
    final TransactionResult result = StateTransition.apply(world, environment, fork, tx, null);
    gasUsed += result.gasUsed();
    final Receipt receipt = Receipt.of(tx.type(), result.success(), gasUsed, result.logs());
    bloom = bloom.or(receipt.bloom());
    receipts.add(receipt);
    return receipt;
  }

  public List<Receipt> receipts() {
    return Collections.unmodifiableList(receipts);
  }

  public long gasUsed() {
    return gasUsed;
  }

  public LogsBloom bloom() {
    return bloom;
  }

  /** Commits the state the transactions left and returns its root. */
  public Hash commit() {
    return world.commit();
  }
}
