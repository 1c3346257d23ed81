package io.amchain.ledger.pool;

import io.amchain.ledger.tx.IntrinsicGas;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.tx.TransactionException.Reason;
import io.amchain.ledger.tx.TransactionValidator;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The transaction pool's rules, as geth's legacy pool has them, without any actor machinery: the
 * {@code Mempool} actor owns one instance and is its only caller (the class is not thread-safe).
 *
 * <p>Each sender's transactions are kept by nonce. <em>Pending</em> (executable) ones form the
 * unbroken run of nonces that starts at the account's nonce in the head state and can run in the
 * next block, in that order: each one's fee cap reaches the next block's base fee and the sender
 * can pay for the run so far. Every other transaction is <em>queued</em>: it waits behind a nonce
 * gap, behind a transaction that cannot pay the base fee yet, or for funds. Queued transactions are
 * never handed to the block builder and never reported as having become executable (so the {@code
 * Mempool} does not gossip them) until a head makes them executable ({@link #newHead}). A
 * transaction with a nonce already pooled replaces the old one only if it raises both the fee cap
 * and the tip by {@link Limits#priceBumpPercent()} percent (geth's {@code --txpool.pricebump}).
 *
 * <p>Funds are checked as geth checks them: the transaction alone must be affordable, and so must
 * the sender's pending transactions together with it (a replacement counts instead of the one it
 * replaces). A head that leaves a pooled transaction unaffordable drops it.
 *
 * <p>When the pool would hold more than {@link Limits#maxTotal()} transactions or {@link
 * Limits#maxBytes()} bytes of encoded transactions, it evicts from the tail of other senders (the
 * highest nonce, so that no sender is left with a gap), cheapest tail first: queued before pending,
 * then the lowest effective tip at the base fee, the lowest fee cap, the lowest tip, the newest. It
 * does so only if the new transaction outranks every tail it evicts (executable before queued, then
 * geth's price order); otherwise the new one is refused as {@link Reason#POOL_FULL}. So a flood of
 * transactions that cannot pay the base fee is the first to go, and a full pool still takes a
 * transaction that pays.
 *
 * <p>Adding costs O(log n) map operations after the stateless checks, whose sender recovery
 * dominates and is cached in the {@link Transaction}. {@link #newHead} visits every pooled sender,
 * as geth's reset does.
 */
public final class TxPool {
  /** geth's {@code txMaxSize}: four 32 KiB slots, a DoS bound rather than a consensus rule. */
  public static final int MAX_TX_SIZE = 4 * 32 * 1024;

  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  /** Nonces are uint64 held in a long. */
  private static final Comparator<Long> NONCE_ORDER = Long::compareUnsigned;

  /**
   * The pool's bounds and prices; the node's defaults are {@link #DEFAULT}, and {@code
   * docs/security.md} lists the flags that set them.
   *
   * @param maxPerSender transactions one sender may have pooled, pending and queued together
   *     (geth's {@code --txpool.accountslots}, which counts only pending ones)
   * @param maxTotal transactions the whole pool holds ({@code --txpool.globalslots})
   * @param maxBytes the encoded size of every pooled transaction together ({@code
   *     --txpool.globalbytes}); at least {@link #MAX_TX_SIZE}
   * @param blockGasLimit a transaction may ask for at most this much gas
   * @param minGasPrice the least tip (for legacy transactions, gas price) accepted: geth's {@code
   *     --txpool.pricelimit}
   * @param priceBumpPercent how much a replacement must raise both fee cap and tip
   */
  public record Limits(
      int maxPerSender,
      int maxTotal,
      long maxBytes,
      long blockGasLimit,
      UInt256 minGasPrice,
      int priceBumpPercent) {
    /**
     * A node's defaults: room for bursts of 4,096 transactions from one account and 65,536 in all,
     * at most 32 MiB of them (256 of the largest, about 290,000 transfers); a 1 gwei minimum tip,
     * what the fee oracle suggests on an idle chain; geth's 10% bump; a 30M gas block.
     */
    public static final Limits DEFAULT =
        new Limits(4096, 65_536, 32L << 20, 30_000_000L, UInt256.of(1_000_000_000L), 10);

    public Limits {
      Objects.requireNonNull(minGasPrice, "minGasPrice");
      if (maxPerSender < 1 || maxTotal < 1) {
        throw new IllegalArgumentException(
            "pool limits must be positive: maxPerSender "
                + maxPerSender
                + ", maxTotal "
                + maxTotal);
      }
      if (maxBytes < MAX_TX_SIZE) {
        throw new IllegalArgumentException(
            "the pool's byte bound " + maxBytes + " cannot hold a transaction of " + MAX_TX_SIZE);
      }
      if (blockGasLimit < IntrinsicGas.TX) {
        throw new IllegalArgumentException(
            "block gas limit " + blockGasLimit + " cannot hold a transfer");
      }
      if (priceBumpPercent < 0) {
        throw new IllegalArgumentException("price bump cannot be negative: " + priceBumpPercent);
      }
    }

    /** These limits with another minimum tip. */
    public Limits withMinGasPrice(final UInt256 price) {
      return new Limits(maxPerSender, maxTotal, maxBytes, blockGasLimit, price, priceBumpPercent);
    }
  }

  /**
   * An account's nonce and balance in the head state, and the rules of the block after the head:
   * supplied by the caller.
   */
  public interface AccountView {
    long nonce(Address address);

    UInt256 balance(Address address);

    /** The fork whose rules a transaction must meet to run in the block after this head. */
    Fork rules();
  }

  /** What became of a transaction offered to the pool. */
  public sealed interface Result permits Accepted, Rejected {}

  /**
   * The transaction is pooled.
   *
   * @param replaced the transaction with the same sender and nonce that it displaced, if any
   * @param evicted the transactions of other senders dropped to make room
   * @param executable the transactions that became executable since the last report, the accepted
   *     one among them if it can run now: what may be spread to peers
   */
  public record Accepted(
      Hash hash,
      @Nullable Transaction replaced,
      List<Transaction> evicted,
      List<Transaction> executable)
      implements Result {
    public Accepted {
      evicted = List.copyOf(evicted);
      executable = List.copyOf(executable);
    }
  }

  /**
   * The transaction is refused, for a reason of the node's one vocabulary; the API turns it into
   * geth's words.
   *
   * @param detail what was found ("balance 5, tx cost 7"); may be empty
   */
  public record Rejected(Reason reason, String detail) implements Result {
    public Rejected(final Reason reason) {
      this(reason, "");
    }

    /** The rejection of a transaction that fails decoding or validation. */
    public static Rejected of(final TransactionException e) {
      return new Rejected(e.reason(), e.detail());
    }
  }

  /** One pooled transaction with what the pool needs of it computed once. */
  private static final class PooledTx {
    final Transaction tx;
    final Hash hash;
    final Address sender;
    final long nonce;
    final BigInteger feeCap;
    final BigInteger tip;
    final BigInteger cost;
    final int size;
    final long seq;

    /** Executable; changed only while the sender's tail is out of {@link #tails}. */
    boolean pending;

    PooledTx(final Transaction tx, final Address sender, final BigInteger cost, final long seq) {
      this.tx = tx;
      this.hash = tx.hash();
      this.sender = sender;
      this.nonce = tx.nonce();
      this.feeCap = tx.maxFeePerGas().toBigInteger();
      this.tip = tx.maxPriorityFeePerGas().toBigInteger();
      this.cost = cost;
      this.size = tx.encoded().size();
      this.seq = seq;
    }

    /** The tip per gas a block with this base fee pays; negative if the fee cap falls short. */
    BigInteger effectiveTip(final BigInteger baseFee) {
      return feeCap.subtract(baseFee).min(tip);
    }
  }

  /**
   * One sender's transactions; pending are those with nonces in [stateNonce, pendingEnd), whose
   * costs add up to pendingCost.
   */
  private static final class Account {
    final TreeMap<Long, PooledTx> txs = new TreeMap<>(NONCE_ORDER);
    long stateNonce;
    BigInteger balance;
    long pendingEnd;
    BigInteger pendingCost = BigInteger.ZERO;

    /** This account's entry in {@link #tails}, if it is there. */
    @Nullable PooledTx indexedTail;

    Account(final long stateNonce, final BigInteger balance) {
      this.stateNonce = stateNonce;
      this.balance = balance;
      this.pendingEnd = stateNonce;
    }
  }

  private final long chainId;
  private final Limits limits;
  private final Map<Hash, PooledTx> byHash = new HashMap<>();
  private final Map<Address, Account> accounts = new HashMap<>();

  /** The next block's base fee, as of the last {@link #newHead}. */
  private BigInteger baseFee = BigInteger.ZERO;

  /**
   * Eviction order: queued before pending, then cheapest at {@link #baseFee}; among equals, the
   * newest (the last to arrive goes). It reads mutable state, so {@link #tails} is rebuilt when the
   * base fee changes and an account's tail leaves it while the account changes.
   */
  private final Comparator<PooledTx> cheapestFirst =
      Comparator.comparing((PooledTx e) -> e.pending)
          .thenComparing(e -> e.effectiveTip(baseFee))
          .thenComparing(e -> e.feeCap)
          .thenComparing(e -> e.tip)
          .thenComparing(Comparator.comparingLong((PooledTx e) -> e.seq).reversed());

  /** Each sender's highest-nonce transaction, the only ones evicted, cheapest first. */
  private final TreeSet<PooledTx> tails = new TreeSet<>(cheapestFirst);

  /** Transactions that became executable and were not yet reported. */
  private final List<Transaction> becameExecutable = new ArrayList<>();

  private int pendingCount;
  private long bytes;
  private long arrivals;

  public TxPool(final long chainId, final Limits limits) {
    this.chainId = chainId;
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Offers a transaction to the pool, priced at the base fee the last {@link #newHead} gave.
   *
   * @param head the state of the chain's head, for the sender's nonce and balance
   */
  public Result add(final Transaction tx, final AccountView head) {
    return admit(tx, head, true);
  }

  /**
   * Puts back the transactions of blocks that left the canonical chain after a reorganisation; the
   * ones the new head makes invalid (already included, now unaffordable) are left out, and none
   * evicts another.
   *
   * @return the transactions that became executable since the last report
   */
  public List<Transaction> reinject(final List<Transaction> txs, final AccountView head) {
    for (final Transaction tx : txs) {
      admit(tx, head, false);
    }
    return drainExecutable();
  }

  private Result admit(final Transaction tx, final AccountView head, final boolean mayEvict) {
    final Hash hash = tx.hash();
    if (byHash.containsKey(hash)) {
      return new Rejected(Reason.ALREADY_KNOWN);
    }
    final int size = tx.encoded().size();
    if (size > MAX_TX_SIZE) {
      return new Rejected(Reason.OVERSIZED, "transaction size " + size + ", limit " + MAX_TX_SIZE);
    }
    if (Long.compareUnsigned(tx.gasLimit(), limits.blockGasLimit()) > 0) {
      return new Rejected(Reason.EXCEEDS_BLOCK_GAS_LIMIT);
    }
    try {
      TransactionValidator.validate(tx, head.rules(), chainId);
    } catch (TransactionException e) {
      return Rejected.of(e);
    }
    if (tx.maxPriorityFeePerGas().lessThan(limits.minGasPrice())) {
      return new Rejected(
          Reason.UNDERPRICED,
          "gas tip cap " + tx.maxPriorityFeePerGas() + ", minimum needed " + limits.minGasPrice());
    }
    final Address sender = tx.sender(); // recovered by the validator, cached in the transaction
    final long stateNonce = head.nonce(sender);
    if (Long.compareUnsigned(tx.nonce(), stateNonce) < 0) {
      return new Rejected(
          Reason.NONCE_TOO_LOW,
          "next nonce "
              + Long.toUnsignedString(stateNonce)
              + ", tx nonce "
              + Long.toUnsignedString(tx.nonce()));
    }
    final BigInteger balance = head.balance(sender).toBigInteger();
    final BigInteger cost = cost(tx);
    if (balance.compareTo(cost) < 0) {
      return insufficientFunds(
          "balance " + balance + ", tx cost " + cost + ", overshot " + cost.subtract(balance));
    }
    Account account = accounts.get(sender);
    if (account != null && account.stateNonce != stateNonce) {
      refresh(sender, account, stateNonce, balance); // the head moved before newHead told us
      account = accounts.get(sender);
    }
    final PooledTx old = account == null ? null : account.txs.get(tx.nonce());
    final BigInteger spent = account == null ? BigInteger.ZERO : account.pendingCost;
    final BigInteger need =
        old != null && old.pending ? spent.subtract(old.cost).add(cost) : spent.add(cost);
    if (balance.compareTo(need) < 0) {
      return insufficientFunds(
          "balance "
              + balance
              + ", queued cost "
              + spent
              + ", tx cost "
              + cost
              + ", overshot "
              + need.subtract(balance));
    }
    final PooledTx entry = new PooledTx(tx, sender, cost, arrivals);
    final long pendingEnd = account == null ? stateNonce : account.pendingEnd;
    final boolean runs =
        (old != null && old.pending)
            || (entry.nonce == pendingEnd && entry.feeCap.compareTo(baseFee) >= 0);
    if (old != null && !outbids(tx, old.tx)) {
      return new Rejected(Reason.REPLACEMENT_UNDERPRICED);
    }
    if (old == null && account != null && account.txs.size() >= limits.maxPerSender()) {
      return new Rejected(Reason.SENDER_LIMIT, "pooled " + account.txs.size() + " txs");
    }
    final int slotsOver = old == null ? byHash.size() + 1 - limits.maxTotal() : 0;
    final long bytesOver = bytes + size - (old == null ? 0 : old.size) - limits.maxBytes();
    final List<PooledTx> victims = victims(entry, runs, slotsOver, bytesOver, mayEvict);
    if (victims == null) {
      return new Rejected(
          Reason.POOL_FULL, byHash.size() + " txs, " + bytes + " bytes, and none it outbids");
    }
    arrivals++;
    victims.forEach(this::evictTail);
    if (account == null) {
      account = new Account(stateNonce, balance);
      accounts.put(sender, account);
    }
    unindex(account);
    account.balance = balance;
    if (old != null) {
      replace(account, old, entry);
    } else {
      account.txs.put(entry.nonce, entry);
      byHash.put(entry.hash, entry);
      bytes += entry.size;
      extendRun(account);
    }
    index(account);
    return new Accepted(
        hash,
        old == null ? null : old.tx,
        victims.stream().map(v -> v.tx).toList(),
        drainExecutable());
  }

  /**
   * The tails to evict so that {@code slotsOver} more slots and {@code bytesOver} more bytes are
   * free, cheapest first and one per other sender; null if that would evict one the new transaction
   * does not outrank.
   */
  private @Nullable List<PooledTx> victims(
      final PooledTx entry,
      final boolean runs,
      final int slotsOver,
      final long bytesOver,
      final boolean mayEvict) {
    int slots = slotsOver;
    long over = bytesOver;
    final List<PooledTx> victims = new ArrayList<>();
    if (slots <= 0 && over <= 0) {
      return victims;
    }
    if (!mayEvict) {
      return null;
    }
    for (final PooledTx tail : tails) {
      if (tail.sender.equals(entry.sender)) {
        continue; // bounded by maxPerSender
      }
      if (!outranks(entry, runs, tail)) {
        return null;
      }
      victims.add(tail);
      slots--;
      over -= tail.size;
      if (slots <= 0 && over <= 0) {
        return victims;
      }
    }
    return null;
  }

  /** Executable before queued, then geth's price order at the base fee. */
  private boolean outranks(final PooledTx entry, final boolean runs, final PooledTx other) {
    return runs != other.pending ? runs : paysMore(entry, other, baseFee);
  }

  /**
   * Brings the pool to a new head: drops transactions whose nonce the head has used (included, or
   * replaced by another transaction in a block), drops those the sender can no longer afford, and
   * re-derives which transactions are executable at the next block's base fee.
   *
   * @param nextBaseFee the base fee of the block after {@code head} ({@code FeeMarket.nextBaseFee},
   *     as the block builder computes it)
   * @return the transactions that became executable since the last report, to be spread
   */
  public List<Transaction> newHead(final AccountView head, final UInt256 nextBaseFee) {
    // The eviction order depends on the base fee: rebuild it rather than re-sort in place.
    tails.clear();
    accounts.values().forEach(a -> a.indexedTail = null);
    baseFee = nextBaseFee.toBigInteger();
    for (final Map.Entry<Address, Account> e : new ArrayList<>(accounts.entrySet())) {
      final Address sender = e.getKey();
      refresh(sender, e.getValue(), head.nonce(sender), head.balance(sender).toBigInteger());
    }
    return drainExecutable();
  }

  /**
   * The transactions for a block on {@code head}: per sender the unbroken run of nonces from the
   * account's nonce that pays {@code baseFee} and that the sender can afford, in nonce order;
   * across senders, highest effective tip at {@code baseFee} first (ties by arrival), as geth's
   * miner takes them. One whose gas limit no longer fits is skipped with the rest of its sender's
   * run, and filling stops when not even a transfer fits. Gas is counted by the transactions'
   * limits: the builder, which runs them, may fit more.
   */
  public List<Transaction> executable(
      final AccountView head, final UInt256 baseFee, final long gasLimit) {
    final BigInteger fee = baseFee.toBigInteger();
    final PriorityQueue<Candidate> heads = new PriorityQueue<>();
    for (final Map.Entry<Address, Account> e : accounts.entrySet()) {
      final PooledTx first = e.getValue().txs.get(head.nonce(e.getKey()));
      final BigInteger balance = head.balance(e.getKey()).toBigInteger();
      if (first != null && runs(first, fee, first.cost, balance)) {
        heads.add(new Candidate(e.getValue(), first, fee, first.cost, balance));
      }
    }
    final List<Transaction> block = new ArrayList<>();
    long gasLeft = gasLimit;
    while (!heads.isEmpty() && gasLeft >= IntrinsicGas.TX) {
      final Candidate best = heads.poll();
      final PooledTx tx = best.tx;
      if (Long.compareUnsigned(tx.tx.gasLimit(), gasLeft) > 0) {
        continue; // its later nonces cannot run without it
      }
      block.add(tx.tx);
      gasLeft -= tx.tx.gasLimit();
      final PooledTx next = best.account.txs.get(tx.nonce + 1);
      if (next != null) {
        final BigInteger spent = best.spent.add(next.cost);
        if (runs(next, fee, spent, best.balance)) {
          heads.add(new Candidate(best.account, next, fee, spent, best.balance));
        }
      }
    }
    return block;
  }

  /** Whether a transaction can run after its sender's earlier ones, {@code spent} with it. */
  private static boolean runs(
      final PooledTx tx,
      final BigInteger baseFee,
      final BigInteger spent,
      final BigInteger balance) {
    return tx.feeCap.compareTo(baseFee) >= 0 && spent.compareTo(balance) <= 0;
  }

  /** A sender's next transaction for a block, ordered best first. */
  private static final class Candidate implements Comparable<Candidate> {
    final Account account;
    final PooledTx tx;
    final BigInteger effectiveTip;
    final BigInteger spent;
    final BigInteger balance;

    Candidate(
        final Account account,
        final PooledTx tx,
        final BigInteger baseFee,
        final BigInteger spent,
        final BigInteger balance) {
      this.account = account;
      this.tx = tx;
      this.effectiveTip = tx.effectiveTip(baseFee);
      this.spent = spent;
      this.balance = balance;
    }

    @Override
    public int compareTo(final Candidate other) {
      final int byTip = other.effectiveTip.compareTo(effectiveTip);
      return byTip != 0 ? byTip : Long.compare(tx.seq, other.tx.seq);
    }
  }

  /** Executable transactions by sender and nonce, as {@code txpool_content} shows them. */
  public Map<Address, SortedMap<Long, Transaction>> pending() {
    return content(true);
  }

  /**
   * Transactions that cannot run in the next block (behind a nonce gap, below the base fee, beyond
   * the sender's funds), by sender and nonce.
   */
  public Map<Address, SortedMap<Long, Transaction>> queued() {
    return content(false);
  }

  private Map<Address, SortedMap<Long, Transaction>> content(final boolean pending) {
    final Map<Address, SortedMap<Long, Transaction>> content = new TreeMap<>();
    for (final Map.Entry<Address, Account> e : accounts.entrySet()) {
      final Account account = e.getValue();
      final NavigableMap<Long, PooledTx> part =
          pending
              ? account.txs.headMap(account.pendingEnd, false)
              : account.txs.tailMap(account.pendingEnd, true);
      if (!part.isEmpty()) {
        final SortedMap<Long, Transaction> byNonce = new TreeMap<>(NONCE_ORDER);
        part.forEach((nonce, tx) -> byNonce.put(nonce, tx.tx));
        content.put(e.getKey(), byNonce);
      }
    }
    return content;
  }

  public int pendingCount() {
    return pendingCount;
  }

  public int queuedCount() {
    return byHash.size() - pendingCount;
  }

  /** Every pooled transaction. */
  public int size() {
    return byHash.size();
  }

  /** The encoded size of every pooled transaction together, bounded by {@link Limits#maxBytes}. */
  public long bytes() {
    return bytes;
  }

  public boolean contains(final Hash hash) {
    return byHash.containsKey(hash);
  }

  public Optional<Transaction> get(final Hash hash) {
    final PooledTx entry = byHash.get(hash);
    return entry == null ? Optional.empty() : Optional.of(entry.tx);
  }

  /**
   * The nonce the sender's next transaction should carry (geth's {@code
   * eth_getTransactionCount(address, "pending")}): after the unbroken run of its pooled nonces from
   * the account's nonce, executable or not yet, so that a wallet's next transaction queues behind
   * its own rather than replacing one that waits for the base fee to fall.
   */
  public long nextNonce(final Address sender, final AccountView head) {
    final long nonce = head.nonce(sender);
    final Account account = accounts.get(sender);
    if (account == null) {
      return nonce;
    }
    long next = account.stateNonce == nonce ? account.pendingEnd : nonce;
    while (account.txs.containsKey(next)) {
      next++;
    }
    return next;
  }

  private List<Transaction> drainExecutable() {
    final List<Transaction> drained = List.copyOf(becameExecutable);
    becameExecutable.clear();
    return drained;
  }

  private static BigInteger cost(final Transaction tx) {
    return tx.maxFeePerGas()
        .toBigInteger()
        .multiply(new BigInteger(Long.toUnsignedString(tx.gasLimit())))
        .add(tx.value().toBigInteger());
  }

  private static Rejected insufficientFunds(final String detail) {
    return new Rejected(Reason.INSUFFICIENT_FUNDS, detail);
  }

  /** geth's replacement rule: fee cap and tip both higher, and each by at least the bump. */
  private boolean outbids(final Transaction replacement, final Transaction old) {
    final BigInteger oldFeeCap = old.maxFeePerGas().toBigInteger();
    final BigInteger oldTip = old.maxPriorityFeePerGas().toBigInteger();
    final BigInteger newFeeCap = replacement.maxFeePerGas().toBigInteger();
    final BigInteger newTip = replacement.maxPriorityFeePerGas().toBigInteger();
    if (newFeeCap.compareTo(oldFeeCap) <= 0 || newTip.compareTo(oldTip) <= 0) {
      return false;
    }
    final BigInteger bump = BigInteger.valueOf(100L + limits.priceBumpPercent());
    return newFeeCap.compareTo(oldFeeCap.multiply(bump).divide(HUNDRED)) >= 0
        && newTip.compareTo(oldTip.multiply(bump).divide(HUNDRED)) >= 0;
  }

  /** geth's price order: effective tip at the base fee, then fee cap, then tip. */
  private static boolean paysMore(final PooledTx a, final PooledTx b, final BigInteger baseFee) {
    int c = a.effectiveTip(baseFee).compareTo(b.effectiveTip(baseFee));
    if (c == 0) {
      c = a.feeCap.compareTo(b.feeCap);
    }
    if (c == 0) {
      c = a.tip.compareTo(b.tip);
    }
    return c > 0;
  }

  /** Takes the account's tail out of the eviction order, before the account changes. */
  private void unindex(final Account account) {
    if (account.indexedTail != null) {
      tails.remove(account.indexedTail);
      account.indexedTail = null;
    }
  }

  /** Puts the account's tail into the eviction order, after the account changed. */
  private void index(final Account account) {
    final Map.Entry<Long, PooledTx> last = account.txs.lastEntry();
    if (last != null) {
      account.indexedTail = last.getValue();
      tails.add(last.getValue());
    }
  }

  /** Extends the account's pending run over the transactions that now follow it and can run. */
  private void extendRun(final Account account) {
    for (PooledTx next = account.txs.get(account.pendingEnd);
        next != null && runs(next, baseFee, account.pendingCost.add(next.cost), account.balance);
        next = account.txs.get(account.pendingEnd)) {
      next.pending = true;
      pendingCount++;
      account.pendingCost = account.pendingCost.add(next.cost);
      account.pendingEnd++;
      becameExecutable.add(next.tx);
    }
  }

  private void replace(final Account account, final PooledTx old, final PooledTx entry) {
    byHash.remove(old.hash);
    byHash.put(entry.hash, entry);
    bytes += entry.size - old.size;
    account.txs.put(entry.nonce, entry);
    if (old.pending) {
      entry.pending = true;
      account.pendingCost = account.pendingCost.subtract(old.cost).add(entry.cost);
      becameExecutable.add(entry.tx);
    } else {
      extendRun(account); // the replacement may pay the base fee where the old one did not
    }
  }

  /** Drops a sender's highest-nonce transaction, which leaves no gap behind. */
  private void evictTail(final PooledTx tail) {
    final Account account = Objects.requireNonNull(accounts.get(tail.sender));
    unindex(account);
    account.txs.remove(tail.nonce);
    byHash.remove(tail.hash);
    bytes -= tail.size;
    if (tail.pending) {
      pendingCount--;
      account.pendingCost = account.pendingCost.subtract(tail.cost);
      account.pendingEnd = tail.nonce;
    }
    if (account.txs.isEmpty()) {
      accounts.remove(tail.sender);
    } else {
      index(account);
    }
  }

  /** Re-derives one sender's pending run from its nonce and balance in a new head state. */
  private void refresh(
      final Address sender, final Account account, final long nonce, final BigInteger balance) {
    unindex(account);
    final Iterator<PooledTx> it = account.txs.values().iterator();
    while (it.hasNext()) {
      final PooledTx entry = it.next();
      if (Long.compareUnsigned(entry.nonce, nonce) < 0 || entry.cost.compareTo(balance) > 0) {
        it.remove();
        byHash.remove(entry.hash);
        bytes -= entry.size;
        if (entry.pending) {
          pendingCount--;
        }
      }
    }
    account.stateNonce = nonce;
    account.balance = balance;
    account.pendingCost = BigInteger.ZERO;
    long next = nonce;
    boolean runStopped = false;
    for (final PooledTx entry : account.txs.values()) {
      final boolean executable =
          !runStopped
              && entry.nonce == next
              && runs(entry, baseFee, account.pendingCost.add(entry.cost), balance);
      if (executable) {
        next++;
        account.pendingCost = account.pendingCost.add(entry.cost);
      } else {
        runStopped = true;
      }
      if (executable != entry.pending) {
        entry.pending = executable;
        if (executable) {
          pendingCount++;
          becameExecutable.add(entry.tx);
        } else {
          pendingCount--;
        }
      }
    }
    account.pendingEnd = next;
    if (account.txs.isEmpty()) {
      accounts.remove(sender);
    } else {
      index(account);
    }
  }
}
