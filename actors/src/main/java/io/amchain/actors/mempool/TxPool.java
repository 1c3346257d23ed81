package io.amchain.actors.mempool;

import io.amchain.ledger.tx.IntrinsicGas;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
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
 * <p>Each sender's transactions are kept by nonce. <em>Pending</em> ones form the unbroken run of
 * nonces that starts at the account's nonce in the head state: they can run in the next block, in
 * that order. <em>Queued</em> ones wait behind a nonce gap. A transaction with a nonce already
 * pooled replaces the old one only if it raises both the fee cap and the tip by {@link
 * Limits#priceBumpPercent()} percent (geth's {@code --txpool.pricebump}).
 *
 * <p>Funds are checked as geth checks them today: the transaction alone must be affordable, and so
 * must the sender's pending transactions together with it (a replacement counts instead of the one
 * it replaces). Queued transactions are not counted, and a head that leaves a pooled transaction
 * unaffordable drops it ({@link #newHead}).
 *
 * <p>When the pool holds {@link Limits#maxTotal()} transactions it evicts the cheapest queued
 * transaction of another sender (lowest fee cap, then tip, newest first), if the new one pays more
 * at the current base fee (effective tip, then fee cap, then tip: geth's price order); otherwise
 * the new one is rejected as {@link Reason#POOL_FULL}. Pending transactions are never evicted, so a
 * full pool cannot be churned by transactions that may never run.
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

  /** Eviction order: the cheapest first; among equals, the newest (the last to arrive goes). */
  private static final Comparator<PooledTx> CHEAPEST_FIRST =
      Comparator.comparing((PooledTx e) -> e.feeCap)
          .thenComparing(e -> e.tip)
          .thenComparing(Comparator.comparingLong((PooledTx e) -> e.seq).reversed());

  /**
   * The pool's bounds and prices.
   *
   * @param maxPerSender transactions one sender may have pooled, pending and queued together
   * @param maxTotal transactions the whole pool holds
   * @param blockGasLimit a transaction may ask for at most this much gas
   * @param minGasPrice the least tip (for legacy transactions, gas price) accepted: geth's {@code
   *     --txpool.pricelimit}
   * @param priceBumpPercent how much a replacement must raise both fee cap and tip
   */
  public record Limits(
      int maxPerSender,
      int maxTotal,
      long blockGasLimit,
      UInt256 minGasPrice,
      int priceBumpPercent) {
    /**
     * Room for bursts of a thousand transactions from one account; geth's price limit (1 wei) and
     * bump (10%); a 30M gas block.
     */
    public static final Limits DEFAULT = new Limits(1024, 8192, 30_000_000L, UInt256.ONE, 10);

    public Limits {
      Objects.requireNonNull(minGasPrice, "minGasPrice");
      if (maxPerSender < 1 || maxTotal < 1) {
        throw new IllegalArgumentException(
            "pool limits must be positive: maxPerSender "
                + maxPerSender
                + ", maxTotal "
                + maxTotal);
      }
      if (blockGasLimit < IntrinsicGas.TX) {
        throw new IllegalArgumentException(
            "block gas limit " + blockGasLimit + " cannot hold a transfer");
      }
      if (priceBumpPercent < 0) {
        throw new IllegalArgumentException("price bump cannot be negative: " + priceBumpPercent);
      }
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
   * @param evicted the queued transaction of another sender dropped to make room, if any
   */
  public record Accepted(Hash hash, @Nullable Transaction replaced, @Nullable Transaction evicted)
      implements Result {}

  /**
   * The transaction is refused.
   *
   * @param message what JSON-RPC reports: the reason's geth text, often followed by the details
   */
  public record Rejected(Reason reason, String message) implements Result {
    public Rejected(final Reason reason) {
      this(reason, reason.text());
    }
  }

  /** Why a transaction is refused, each with the error text geth returns for it. */
  public enum Reason {
    ALREADY_KNOWN("already known"),
    OVERSIZED("oversized data"),
    GAS_LIMIT("exceeds block gas limit"),
    MALFORMED("malformed transaction"),
    UNSUPPORTED_TYPE("transaction type not supported"),
    WRONG_CHAIN_ID("invalid chain id"),
    NONCE_MAX("nonce has max value"),
    TIP_ABOVE_FEE_CAP("max priority fee per gas higher than max fee per gas"),
    INIT_CODE_TOO_LARGE("max initcode size exceeded"),
    INTRINSIC_GAS("intrinsic gas too low"),
    INVALID_SIGNATURE("invalid sender"),
    UNDERPRICED("transaction underpriced"),
    NONCE_TOO_LOW("nonce too low"),
    INSUFFICIENT_FUNDS("insufficient funds for gas * price + value"),
    REPLACEMENT_UNDERPRICED("replacement transaction underpriced"),
    SENDER_LIMIT("account limit exceeded"),
    POOL_FULL("txpool is full");

    private final String text;

    Reason(final String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    /** The pool's reason for a ledger validation or decoding failure. */
    public static Reason of(final TransactionException.Reason reason) {
      return switch (reason) {
        case MALFORMED -> MALFORMED;
        case UNSUPPORTED_TYPE, BLOB_NOT_SUPPORTED -> UNSUPPORTED_TYPE;
        case WRONG_CHAIN_ID -> WRONG_CHAIN_ID;
        case NONCE_MAX -> NONCE_MAX;
        // geth finds an overflowing gas * price when it compares the cost with the balance.
        case FEE_OVERFLOW -> INSUFFICIENT_FUNDS;
        case PRIORITY_FEE_ABOVE_MAX_FEE -> TIP_ABOVE_FEE_CAP;
        case INTRINSIC_GAS_TOO_LOW -> INTRINSIC_GAS;
        case INIT_CODE_TOO_LARGE -> INIT_CODE_TOO_LARGE;
        case INVALID_SIGNATURE -> INVALID_SIGNATURE;
      };
    }
  }

  /**
   * The rejection for a ledger exception, so that a transaction that fails to decode is reported
   * like one the pool refuses.
   */
  public static Rejected rejection(final TransactionException e) {
    final Reason reason = Reason.of(e.reason());
    final String detail = Objects.requireNonNullElse(e.getMessage(), "");
    return new Rejected(
        reason, detail.startsWith(reason.text()) ? detail : reason.text() + ": " + detail);
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
    final long seq;
    boolean pending;

    PooledTx(final Transaction tx, final Address sender, final BigInteger cost, final long seq) {
      this.tx = tx;
      this.hash = tx.hash();
      this.sender = sender;
      this.nonce = tx.nonce();
      this.feeCap = tx.maxFeePerGas().toBigInteger();
      this.tip = tx.maxPriorityFeePerGas().toBigInteger();
      this.cost = cost;
      this.seq = seq;
    }

    /** The tip per gas a block with this base fee pays; negative if the fee cap falls short. */
    BigInteger effectiveTip(final BigInteger baseFee) {
      return feeCap.subtract(baseFee).min(tip);
    }
  }

  /** One sender's transactions; pending are those with nonces in [stateNonce, pendingEnd). */
  private static final class Account {
    final TreeMap<Long, PooledTx> txs = new TreeMap<>(NONCE_ORDER);
    long stateNonce;
    long pendingEnd;
    BigInteger pendingCost = BigInteger.ZERO;

    Account(final long stateNonce) {
      this.stateNonce = stateNonce;
      this.pendingEnd = stateNonce;
    }
  }

  private final long chainId;
  private final Limits limits;
  private final Map<Hash, PooledTx> byHash = new HashMap<>();
  private final Map<Address, Account> accounts = new HashMap<>();
  private final TreeSet<PooledTx> queuedByPrice = new TreeSet<>(CHEAPEST_FIRST);
  private int pendingCount;
  private long arrivals;

  public TxPool(final long chainId, final Limits limits) {
    this.chainId = chainId;
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Offers a transaction to the pool.
   *
   * @param head the state of the chain's head, for the sender's nonce and balance
   * @param baseFee the base fee of the next block, for comparing prices when the pool is full
   */
  public Result add(final Transaction tx, final AccountView head, final UInt256 baseFee) {
    return admit(tx, head, baseFee.toBigInteger());
  }

  /**
   * Puts back the transactions of blocks that left the canonical chain after a reorganisation; the
   * ones the new head makes invalid (already included, now unaffordable) are left out, and none
   * evicts another.
   */
  public void reinject(final List<Transaction> txs, final AccountView head) {
    for (final Transaction tx : txs) {
      admit(tx, head, null);
    }
  }

  /** Adds a transaction; without a base fee it evicts nothing. */
  private Result admit(
      final Transaction tx, final AccountView head, final @Nullable BigInteger baseFee) {
    final Hash hash = tx.hash();
    if (byHash.containsKey(hash)) {
      return new Rejected(Reason.ALREADY_KNOWN);
    }
    final int size = tx.encoded().size();
    if (size > MAX_TX_SIZE) {
      return new Rejected(
          Reason.OVERSIZED,
          Reason.OVERSIZED.text() + ": transaction size " + size + ", limit " + MAX_TX_SIZE);
    }
    if (Long.compareUnsigned(tx.gasLimit(), limits.blockGasLimit()) > 0) {
      return new Rejected(Reason.GAS_LIMIT);
    }
    try {
      TransactionValidator.validate(tx, head.rules(), chainId);
    } catch (TransactionException e) {
      return rejection(e);
    }
    if (tx.maxPriorityFeePerGas().lessThan(limits.minGasPrice())) {
      return new Rejected(
          Reason.UNDERPRICED,
          Reason.UNDERPRICED.text()
              + ": gas tip cap "
              + tx.maxPriorityFeePerGas()
              + ", minimum needed "
              + limits.minGasPrice());
    }
    final Address sender = tx.sender(); // recovered by the validator, cached in the transaction
    final long stateNonce = head.nonce(sender);
    if (Long.compareUnsigned(tx.nonce(), stateNonce) < 0) {
      return new Rejected(
          Reason.NONCE_TOO_LOW,
          Reason.NONCE_TOO_LOW.text()
              + ": next nonce "
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
    if (old != null) {
      if (!outbids(tx, old.tx)) {
        return new Rejected(Reason.REPLACEMENT_UNDERPRICED);
      }
      replace(Objects.requireNonNull(account), old, new PooledTx(tx, sender, cost, arrivals++));
      return new Accepted(hash, old.tx, null);
    }
    if (account != null && account.txs.size() >= limits.maxPerSender()) {
      return new Rejected(
          Reason.SENDER_LIMIT,
          Reason.SENDER_LIMIT.text() + ": pooled " + account.txs.size() + " txs");
    }
    final PooledTx entry = new PooledTx(tx, sender, cost, arrivals++);
    PooledTx evicted = null;
    if (byHash.size() >= limits.maxTotal()) {
      evicted = baseFee == null ? null : evictable(entry, baseFee);
      if (evicted == null) {
        return new Rejected(Reason.POOL_FULL);
      }
      evict(evicted);
    }
    if (account == null) {
      account = new Account(stateNonce);
      accounts.put(sender, account);
    }
    insert(account, entry);
    return new Accepted(hash, null, evicted == null ? null : evicted.tx);
  }

  /**
   * Brings the pool to a new head: drops transactions whose nonce the head has used (included, or
   * replaced by another transaction in a block), drops those the sender can no longer afford,
   * promotes queued ones that became executable and queues pending ones behind a new gap.
   */
  public void newHead(final AccountView head) {
    for (final Map.Entry<Address, Account> e : new ArrayList<>(accounts.entrySet())) {
      final Address sender = e.getKey();
      refresh(sender, e.getValue(), head.nonce(sender), head.balance(sender).toBigInteger());
    }
  }

  /**
   * The transactions for a block on {@code head}: per sender the unbroken run of nonces from the
   * account's nonce, in nonce order; across senders, highest effective tip at {@code baseFee} first
   * (ties by arrival), as geth's miner takes them. A transaction whose fee cap is below the base
   * fee ends its sender's run; one whose gas limit no longer fits is skipped with the rest of its
   * sender's run, and filling stops when not even a transfer fits. Gas is counted by the
   * transactions' limits: the builder, which runs them, may fit more.
   */
  public List<Transaction> executable(
      final AccountView head, final UInt256 baseFee, final long gasLimit) {
    final BigInteger fee = baseFee.toBigInteger();
    final PriorityQueue<Candidate> heads = new PriorityQueue<>();
    for (final Map.Entry<Address, Account> e : accounts.entrySet()) {
      final PooledTx first = e.getValue().txs.get(head.nonce(e.getKey()));
      if (first != null && first.feeCap.compareTo(fee) >= 0) {
        heads.add(new Candidate(e.getValue(), first, fee));
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
      if (next != null && next.feeCap.compareTo(fee) >= 0) {
        heads.add(new Candidate(best.account, next, fee));
      }
    }
    return block;
  }

  /** A sender's next transaction for a block, ordered best first. */
  private static final class Candidate implements Comparable<Candidate> {
    final Account account;
    final PooledTx tx;
    final BigInteger effectiveTip;

    Candidate(final Account account, final PooledTx tx, final BigInteger baseFee) {
      this.account = account;
      this.tx = tx;
      this.effectiveTip = tx.effectiveTip(baseFee);
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

  /** Transactions waiting behind a nonce gap, by sender and nonce. */
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
              : account.txs.tailMap(account.pendingEnd, false);
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

  public boolean contains(final Hash hash) {
    return byHash.containsKey(hash);
  }

  public Optional<Transaction> get(final Hash hash) {
    final PooledTx entry = byHash.get(hash);
    return entry == null ? Optional.empty() : Optional.of(entry.tx);
  }

  /**
   * Every pooled transaction, by sender and then nonce, for a durable snapshot: adding them back in
   * this order restores the pool.
   */
  public List<Transaction> all() {
    final List<Transaction> all = new ArrayList<>(byHash.size());
    new TreeMap<>(accounts).values().forEach(a -> a.txs.values().forEach(e -> all.add(e.tx)));
    return all;
  }

  /**
   * The nonce the sender's next transaction should carry: after its pending run, or the account's
   * nonce (geth's {@code eth_getTransactionCount(address, "pending")}).
   */
  public long nextNonce(final Address sender, final AccountView head) {
    final long nonce = head.nonce(sender);
    final Account account = accounts.get(sender);
    if (account == null) {
      return nonce;
    }
    if (account.stateNonce == nonce) {
      return account.pendingEnd;
    }
    long next = nonce;
    while (account.txs.containsKey(next)) {
      next++;
    }
    return next;
  }

  private static BigInteger cost(final Transaction tx) {
    return tx.maxFeePerGas()
        .toBigInteger()
        .multiply(new BigInteger(Long.toUnsignedString(tx.gasLimit())))
        .add(tx.value().toBigInteger());
  }

  private static Rejected insufficientFunds(final String detail) {
    return new Rejected(
        Reason.INSUFFICIENT_FUNDS, Reason.INSUFFICIENT_FUNDS.text() + ": " + detail);
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

  /** The queued transaction to drop for {@code entry}, if another sender has one it outbids. */
  private @Nullable PooledTx evictable(final PooledTx entry, final BigInteger baseFee) {
    for (final PooledTx candidate : queuedByPrice) {
      if (candidate.sender.equals(entry.sender)) {
        continue; // bounded by maxPerSender
      }
      return paysMore(entry, candidate, baseFee) ? candidate : null;
    }
    return null;
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

  private void insert(final Account account, final PooledTx entry) {
    account.txs.put(entry.nonce, entry);
    byHash.put(entry.hash, entry);
    if (entry.nonce != account.pendingEnd) {
      queuedByPrice.add(entry); // a gap lies before it
      return;
    }
    markPending(account, entry);
    long next = entry.nonce + 1;
    for (PooledTx queued = account.txs.get(next);
        queued != null;
        queued = account.txs.get(++next)) {
      queuedByPrice.remove(queued); // the gap before it is filled
      markPending(account, queued);
    }
    account.pendingEnd = next;
  }

  private void markPending(final Account account, final PooledTx entry) {
    entry.pending = true;
    pendingCount++;
    account.pendingCost = account.pendingCost.add(entry.cost);
  }

  private void replace(final Account account, final PooledTx old, final PooledTx entry) {
    byHash.remove(old.hash);
    byHash.put(entry.hash, entry);
    account.txs.put(entry.nonce, entry);
    if (old.pending) {
      entry.pending = true;
      account.pendingCost = account.pendingCost.subtract(old.cost).add(entry.cost);
    } else {
      queuedByPrice.remove(old);
      queuedByPrice.add(entry);
    }
  }

  /** Drops a queued transaction; queued ones lie past the pending run, which stays whole. */
  private void evict(final PooledTx entry) {
    final Account account = Objects.requireNonNull(accounts.get(entry.sender));
    queuedByPrice.remove(entry);
    byHash.remove(entry.hash);
    account.txs.remove(entry.nonce);
    if (account.txs.isEmpty()) {
      accounts.remove(entry.sender);
    }
  }

  /** Re-derives one sender's pending run from its nonce and balance in a new head state. */
  private void refresh(
      final Address sender, final Account account, final long nonce, final BigInteger balance) {
    final Iterator<PooledTx> it = account.txs.values().iterator();
    while (it.hasNext()) {
      final PooledTx entry = it.next();
      if (Long.compareUnsigned(entry.nonce, nonce) < 0 || entry.cost.compareTo(balance) > 0) {
        it.remove();
        byHash.remove(entry.hash);
        if (entry.pending) {
          pendingCount--;
        } else {
          queuedByPrice.remove(entry);
        }
      }
    }
    account.stateNonce = nonce;
    account.pendingCost = BigInteger.ZERO;
    long next = nonce;
    for (final PooledTx entry : account.txs.values()) {
      final boolean executable = entry.nonce == next;
      if (executable) {
        next++;
        account.pendingCost = account.pendingCost.add(entry.cost);
      }
      if (executable != entry.pending) {
        entry.pending = executable;
        if (executable) {
          pendingCount++;
          queuedByPrice.remove(entry);
        } else {
          pendingCount--;
          queuedByPrice.add(entry);
        }
      }
    }
    account.pendingEnd = next;
    if (account.txs.isEmpty()) {
      accounts.remove(sender);
    }
  }
}
