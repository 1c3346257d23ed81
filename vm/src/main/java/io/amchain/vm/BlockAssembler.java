package io.amchain.vm;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
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
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Fills a new block: runs candidate transactions in the order given on the parent's state, keeps
 * those that are valid and fit the gas limit, and completes the header with the resulting roots,
 * gas used and bloom. The mirror image of {@link BlockProcessor}, which checks what this produces.
 */
public final class BlockAssembler {
  private BlockAssembler() {}

  /** An unsealed block, the receipts of its transactions, and the candidates left out. */
  public record Assembled(Block block, List<Receipt> receipts, List<Transaction> skipped) {}

  /**
   * @param header the new header with everything but the execution fields (parent hash, number,
   *     timestamp, gas limit, base fee, difficulty, coinbase, nonce, extra data)
   * @param author who receives the tips: on Clique, the signer who will seal the block
   */
  public static Assembled assemble(
      final WorldState world,
      final BlockHeader.Builder header,
      final Iterable<Transaction> candidates,
      final Address author,
      final long chainId,
      final LongFunction<Hash> blockHashes) {
    final BlockHeader template = header.build();
    final BlockEnvironment environment =
        new BlockEnvironment(
            author,
            template.number(),
            template.timestamp(),
            template.gasLimit(),
            Objects.requireNonNullElse(template.baseFee(), UInt256.ZERO),
            Word.of(template.mixHash()),
            chainId,
            UInt256.ONE,
            blockHashes);
    final List<Transaction> included = new ArrayList<>();
    final List<Transaction> skipped = new ArrayList<>();
    final List<Receipt> receipts = new ArrayList<>();
    LogsBloom bloom = LogsBloom.EMPTY;
    long gasUsed = 0;
    for (final Transaction tx : candidates) {
      if (Long.compareUnsigned(tx.gasLimit(), template.gasLimit() - gasUsed) > 0) {
        skipped.add(tx);
        continue;
      }
      final TransactionResult result;
      try {
        result = StateTransition.apply(world, environment, Fork.CANCUN, tx, null);
      } catch (InvalidTransactionException e) {
        skipped.add(tx);
        continue;
      }
      gasUsed += result.gasUsed();
      final Receipt receipt = Receipt.of(tx.type(), result.success(), gasUsed, result.logs());
      bloom = bloom.or(receipt.bloom());
      receipts.add(receipt);
      included.add(tx);
    }
    final BlockHeader complete =
        header
            .gasUsed(gasUsed)
            .transactionsRoot(Block.transactionsRoot(included))
            .receiptsRoot(Block.receiptsRoot(receipts))
            .logsBloom(bloom)
            .stateRoot(world.commit())
            .build();
    return new Assembled(new Block(complete, included, List.of()), receipts, skipped);
  }
}
