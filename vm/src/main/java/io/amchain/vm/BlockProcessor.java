package io.amchain.vm;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Log;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.genesis.ForkSchedule;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.tx.TransactionValidator;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Executes a block's transactions in order on its parent's state and checks what the header claims:
 * gas used, receipts root, logs bloom and state root. There is no block reward on a Clique chain;
 * fees go to {@code author}, the signer recovered from the seal.
 *
 * <p>A block from a peer brings transactions no pool of ours has seen, so each is checked here
 * against the rules that need no state before it runs.
 */
public final class BlockProcessor {
  private BlockProcessor() {}

  /** The receipts of an executed block. */
  public record Outcome(List<Receipt> receipts, long gasUsed, Hash stateRoot) {
    public Outcome {
      receipts = List.copyOf(receipts);
    }
  }

  /**
   * @throws BlockExecutionException if a transaction is invalid or a root does not match
   */
  public static Outcome process(
      final WorldState world,
      final Block block,
      final Address author,
      final long chainId,
      final ForkSchedule forks,
      final LongFunction<Hash> blockHashes) {
    final BlockHeader header = block.header();
    final BlockExecution execution =
        new BlockExecution(world, header, author, chainId, forks, blockHashes);
    for (int i = 0; i < block.transactions().size(); i++) {
      final Transaction tx = block.transactions().get(i);
      if (!execution.fits(tx)) {
        throw new BlockExecutionException("transaction " + i + ": gas limit reached");
      }
      try {
        TransactionValidator.validate(tx, execution.fork(), chainId);
        execution.apply(tx);
      } catch (TransactionException e) {
        throw new BlockExecutionException(
            "transaction " + i + " (" + tx.hash() + "): " + e.getMessage(), e);
      }
    }
    final List<Receipt> receipts = execution.receipts();
    check("gas used", header.gasUsed(), execution.gasUsed());
    check("receipts root", header.receiptsRoot(), Block.receiptsRoot(receipts));
    check("logs bloom", header.logsBloom(), execution.bloom());
    final Hash stateRoot = execution.commit();
    check("state root", header.stateRoot(), stateRoot);
    return new Outcome(receipts, execution.gasUsed(), stateRoot);
  }

  private static void check(final String what, final Object header, final Object computed) {
    if (!header.equals(computed)) {
      throw new BlockExecutionException(
          "invalid " + what + " (remote: " + header + " local: " + computed + ")");
    }
  }

  /** All logs of a block, in order. */
  public static List<Log> logs(final List<Receipt> receipts) {
    final List<Log> logs = new ArrayList<>();
    receipts.forEach(receipt -> logs.addAll(receipt.logs()));
    return logs;
  }
}
