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
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Fills a new block: runs candidate transactions in the order given on the parent's state, keeps
 * those that are valid and fit the gas limit, and completes the header with the resulting roots,
 * gas used and bloom. The mirror image of {@link BlockProcessor}, which checks what this produces.
 *
 * <p>Filling can be spread over time ({@link #start}, {@link #add} as often as transactions come,
 * then {@link #finish}): a signer that knows it seals the next block runs the pool's transactions
 * while it waits for its turn, so that sealing itself only runs the last arrivals and computes the
 * roots. {@link #assemble} does it all at once.
 */
public final class BlockAssembler {

  /** An unsealed block, the receipts of its transactions, and the candidates left out. */
  public record Assembled(Block block, List<Receipt> receipts, List<Transaction> skipped) {}

  private final WorldState world;
  private final BlockHeader template;
  private final BlockEnvironment environment;
  private final List<Transaction> included = new ArrayList<>();
  private final Set<Hash> includedHashes = new HashSet<>();
  private final List<Receipt> receipts = new ArrayList<>();
  private List<Transaction> skipped = List.of();
  private LogsBloom bloom = LogsBloom.EMPTY;
  private long gasUsed;
  private boolean finished;

  private BlockAssembler(
      final WorldState world,
      final BlockHeader template,
      final Address author,
      final long chainId,
      final LongFunction<Hash> blockHashes) {
    this.world = world;
    this.template = template;
    this.environment =
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
  }

  /**
   * Starts a block on {@code world}, the parent's state, which this assembler then owns.
   *
   * @param template the new header's parent hash, number, timestamp, gas limit, base fee and mix
   *     hash: what execution sees; the rest of the header comes with {@link #finish}
   * @param author who receives the tips: on Clique, the signer who will seal the block
   */
  public static BlockAssembler start(
      final WorldState world,
      final BlockHeader template,
      final Address author,
      final long chainId,
      final LongFunction<Hash> blockHashes) {
    return new BlockAssembler(world, template, author, chainId, blockHashes);
  }

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
    final BlockAssembler assembler = start(world, header.build(), author, chainId, blockHashes);
    assembler.add(candidates);
    return assembler.finish(header);
  }

  /**
   * Runs the candidates this block does not hold yet, in the order given, and keeps those that are
   * valid on the state so far and fit the gas left. Those left out may fit a later call (a nonce
   * gap that has closed since).
   */
  public void add(final Iterable<Transaction> candidates) {
    if (finished) {
      throw new IllegalStateException("the block is finished");
    }
    final List<Transaction> left = new ArrayList<>();
    for (final Transaction tx : candidates) {
      if (includedHashes.contains(tx.hash())) {
        continue;
      }
      if (Long.compareUnsigned(tx.gasLimit(), template.gasLimit() - gasUsed) > 0) {
        left.add(tx);
        continue;
      }
      final TransactionResult result;
      try {
        result = StateTransition.apply(world, environment, Fork.CANCUN, tx, null);
      } catch (InvalidTransactionException e) {
        left.add(tx);
        continue;
      }
      gasUsed += result.gasUsed();
      final Receipt receipt = Receipt.of(tx.type(), result.success(), gasUsed, result.logs());
      bloom = bloom.or(receipt.bloom());
      receipts.add(receipt);
      included.add(tx);
      includedHashes.add(tx.hash());
    }
    skipped = left;
  }

  /** How many transactions the block holds so far. */
  public int size() {
    return included.size();
  }

  /**
   * Completes the header and commits the state; no transaction can be added after.
   *
   * @param header the header {@link #start} was given, with the fields execution does not see
   *     (difficulty, coinbase, nonce, extra data) set
   * @throws IllegalArgumentException if the header differs from the template in a field that
   *     execution saw
   */
  public Assembled finish(final BlockHeader.Builder header) {
    if (finished) {
      throw new IllegalStateException("the block is finished");
    }
    final BlockHeader given = header.build();
    if (!given.parentHash().equals(template.parentHash())
        || given.number() != template.number()
        || given.timestamp() != template.timestamp()
        || given.gasLimit() != template.gasLimit()
        || !Objects.equals(given.baseFee(), template.baseFee())
        || !given.mixHash().equals(template.mixHash())) {
      throw new IllegalArgumentException(
          "the header to finish differs from the one the transactions ran under");
    }
    finished = true;
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
