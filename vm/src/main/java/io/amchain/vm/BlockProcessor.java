package io.amchain.vm;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Log;
import io.amchain.ledger.block.LogsBloom;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Executes a block's transactions in order on its parent's state and checks what the header claims:
 * gas used, receipts root, logs bloom and state root. There is no block reward on a Clique chain;
 * fees go to {@code author}, the signer recovered from the seal.
 */
public final class BlockProcessor {
  private BlockProcessor() {}

  /** The receipts of an executed block. */
  public record Outcome(List<Receipt> receipts, long gasUsed, Hash stateRoot) {}

  /**
   * @throws BlockExecutionException if a transaction is invalid or a root does not match
   */
  public static Outcome process(
      final WorldState world,
      final Block block,
      final Address author,
      final long chainId,
      final LongFunction<Hash> blockHashes) {
    final BlockHeader header = block.header();
    final UInt256 baseFee = header.baseFee() == null ? UInt256.ZERO : header.baseFee();
    final BlockEnvironment environment =
        new BlockEnvironment(
            author,
            header.number(),
            header.timestamp(),
            header.gasLimit(),
            java.util.Objects.requireNonNull(baseFee),
            Word.of(header.mixHash()),
            chainId,
            UInt256.ONE,
            blockHashes);
    final List<Receipt> receipts = new ArrayList<>();
    long gasUsed = 0;
    for (int i = 0; i < block.transactions().size(); i++) {
      final Transaction tx = block.transactions().get(i);
      if (gasUsed + tx.gasLimit() > header.gasLimit() || tx.gasLimit() < 0) {
        throw new BlockExecutionException("transaction " + i + ": gas limit reached");
      }
      final TransactionResult result;
      try {
        result = StateTransition.apply(world, environment, Fork.CANCUN, tx, null);
      } catch (InvalidTransactionException e) {
        throw new BlockExecutionException(
            "transaction " + i + " (" + tx.hash() + "): " + e.getMessage());
      }
      gasUsed += result.gasUsed();
      receipts.add(Receipt.of(tx.type(), result.success(), gasUsed, result.logs()));
    }
    check("gas used", header.gasUsed(), gasUsed);
    check("receipts root", header.receiptsRoot(), Block.receiptsRoot(receipts));
    LogsBloom bloom = LogsBloom.EMPTY;
    for (final Receipt receipt : receipts) {
      bloom = bloom.or(receipt.bloom());
    }
    check("logs bloom", header.logsBloom(), bloom);
    final Hash stateRoot = world.commit();
    check("state root", header.stateRoot(), stateRoot);
    return new Outcome(receipts, gasUsed, stateRoot);
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
