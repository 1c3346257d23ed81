package io.amchain.vm;

import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.genesis.ForkSchedule;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
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
 *
 * <p>Candidates are trusted to have passed {@link io.amchain.ledger.tx.TransactionValidator}: they
 * come from the pool, which checks those rules at its door; here only the state decides.
 */
public final class BlockAssembler {

  /** An unsealed block, the receipts of its transactions, and the candidates left out. */
  public record Assembled(Block block, List<Receipt> receipts, List<Transaction> skipped) {}

  private final BlockHeader template;
  private final BlockExecution execution;
  private final List<Transaction> included = new ArrayList<>();
  private final Set<Hash> includedHashes = new HashSet<>();
  private List<Transaction> skipped = List.of();
  private boolean finished;

  private BlockAssembler(
      final WorldState world,
      final BlockHeader template,
      final Address author,
      final long chainId,
      final ForkSchedule forks,
      final LongFunction<Hash> blockHashes) {
    this.template = template;
    this.execution = new BlockExecution(world, template, author, chainId, forks, blockHashes);
  }

  /**
   * Starts a block on {@code world}, the parent's state, which this assembler then owns.
   *
   * @param template the new header's parent hash, number, timestamp, gas limit, base fee and mix
   *     hash: what execution sees; the rest of the header comes with {@link #finish}
   * @param author who receives the tips: on Clique, the signer who will seal the block
   * @param forks the chain's schedule, which picks the rules from the template's number and time
   */
  public static BlockAssembler start(
      final WorldState world,
      final BlockHeader template,
      final Address author,
      final long chainId,
      final ForkSchedule forks,
      final LongFunction<Hash> blockHashes) {
    return new BlockAssembler(world, template, author, chainId, forks, blockHashes);
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
      final ForkSchedule forks,
      final LongFunction<Hash> blockHashes) {
    final BlockAssembler assembler =
        start(world, header.build(), author, chainId, forks, blockHashes);
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
      if (!execution.fits(tx)) {
        left.add(tx);
        continue;
      }
      try {
        include(tx);
      } catch (TransactionException e) {
        left.add(tx);
      }
    }
    skipped = left;
  }

  /**
   * Runs one transaction that must go in next: for blocks whose content is decided beforehand (a
   * test chain that mines what it is sent).
   *
   * @throws TransactionException if it may not run on the state so far or asks for more gas than
   *     the block has left; the block is then as before
   */
  public void include(final Transaction tx) {
    if (finished) {
      throw new IllegalStateException("the block is finished");
    }
    if (!execution.fits(tx)) {
      throw new TransactionException(
          TransactionException.Reason.BLOCK_GAS_LIMIT_REACHED,
          "the transaction asks for "
              + Long.toUnsignedString(tx.gasLimit())
              + ", the block has "
              + (template.gasLimit() - execution.gasUsed())
              + " left");
    }
    execution.apply(tx);
    included.add(tx);
    includedHashes.add(tx.hash());
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
            .gasUsed(execution.gasUsed())
            .transactionsRoot(Block.transactionsRoot(included))
            .receiptsRoot(Block.receiptsRoot(execution.receipts()))
            .logsBloom(execution.bloom())
            .stateRoot(execution.commit())
            .build();
    return new Assembled(
        new Block(complete, included, List.of()), List.copyOf(execution.receipts()), skipped);
  }
}
