package io.amchain.actors.mempool;

import io.amchain.actors.Events;
import io.amchain.actors.NodeResources;
import io.amchain.actors.chain.Chain;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.FeeMarket;
import io.amchain.ledger.pool.TxPool;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.jspecify.annotations.Nullable;

/**
 * The node's transaction pool: {@link TxPool}'s rules behind a mailbox. A transaction is written to
 * the node's {@code PoolStore} before the accept reply goes out, so an accepted transaction
 * survives a crash of the node; at start-up the pool is reloaded from there and re-checked against
 * the head.
 *
 * <p>Only executable transactions are published as {@link NewPendingTransaction} (and so gossiped
 * and announced to subscribers): one that cannot run yet, such as one whose fee cap is below the
 * base fee, is published when a head or a later transaction makes it executable. The pool remembers
 * which of those waiting came from this node's clients, so that they are spread then.
 *
 * <p><b>Accepted means replicated.</b> When the cluster has other members ({@link PeersChanged},
 * which the gossip actor reports), a client's transaction is answered {@link Accepted} only once a
 * peer has stored it too ({@link Replicated}, from the gossip actor when a peer acknowledges the
 * batch that carried it), so that a node killed for good loses nothing it accepted. If no peer
 * acknowledges it within {@code amchain.mempool.replication-timeout} the answer is {@link
 * NotReplicated}: stored here, not elsewhere. A node alone answers once the transaction is durable
 * here, and says so in {@link Status#peers()}. (docs/security.md, "Accepted means replicated".)
 */
public final class Mempool {

  /** What the pool is asked. */
  public sealed interface Command {}

  /** A transaction from a client of this node; accepted ones are gossiped. */
  public record Submit(Transaction transaction, ActorRef<SubmitResult> replyTo)
      implements Command {}

  /**
   * Transactions gossiped by a peer, pooled as they come; {@code replyTo} learns, once they are
   * durable here, which of them this node does not hold.
   */
  public record Receive(List<Transaction> transactions, ActorRef<Stored> replyTo)
      implements Command {
    public Receive {
      transactions = List.copyOf(transactions);
    }
  }

  /**
   * The answer to {@link Receive}: every transaction not in {@code refused} is durable here, pooled
   * or already past (mined, or its nonce used).
   */
  public record Stored(List<Hash> refused) {
    public Stored {
      refused = List.copyOf(refused);
    }
  }

  /** How many other members hear this node's gossip; none: the node is alone. */
  public record PeersChanged(int peers) implements Command {}

  /** A peer has stored these transactions of this node's clients. */
  public record Replicated(List<Hash> transactions) implements Command {
    public Replicated {
      transactions = List.copyOf(transactions);
    }
  }

  /** The transactions for the next block, best first. */
  public record Candidates(
      BlockHeader parent, UInt256 baseFee, long gasLimit, ActorRef<CandidateList> replyTo)
      implements Command {}

  /** The pool's content, as {@code txpool_content} shows it. */
  public record GetContent(ActorRef<Content> replyTo) implements Command {}

  /** How many transactions the pool holds, as {@code txpool_status} counts them. */
  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /**
   * The nonce the sender's next transaction should carry, after its pooled ones ({@code
   * eth_getTransactionCount(address, "pending")}).
   */
  public record GetNextNonce(Address sender, ActorRef<NextNonce> replyTo) implements Command {}

  private record HeadMoved(Chain.NewHead newHead) implements Command {}

  private enum CheckReplication implements Command {
    INSTANCE
  }

  /** The answer to {@link Submit}. */
  public sealed interface SubmitResult {}

  /** In the pool, durably, and stored by a peer too unless the node is alone. */
  public record Accepted(Hash hash) implements SubmitResult {}

  /**
   * In this node's pool, durably, but no peer acknowledged it within {@code waited}: a node killed
   * for good would lose it. It stays pooled, and is mined if this node lives.
   */
  public record NotReplicated(Hash hash, Duration waited) implements SubmitResult {}

  /** Refused: why, and what was found; the API words it as geth does. */
  public record Rejected(TransactionException.Reason reason, String detail)
      implements SubmitResult {}

  /** Transactions for a block. */
  public record CandidateList(List<Transaction> transactions) {
    public CandidateList {
      transactions = List.copyOf(transactions);
    }
  }

  /** Pending (executable) and queued (waiting for a nonce gap) transactions by sender. */
  public record Content(
      Map<Address, SortedMap<Long, Transaction>> pending,
      Map<Address, SortedMap<Long, Transaction>> queued) {}

  /**
   * Executable and waiting transaction counts, and how many other members store what this node
   * accepts (0: the node is alone, and an accepted transaction is on this node only).
   */
  public record Status(int pending, int queued, int peers) {}

  /** The answer to {@link GetNextNonce}: an unsigned 64-bit nonce. */
  public record NextNonce(long nonce) {}

  /**
   * Published on the event stream for each transaction accepted into the pool; {@code local} when
   * it came from this node's clients, so that gossip spreads it.
   */
  public record NewPendingTransaction(Transaction transaction, boolean local) {}

  /** The configuration key of the bound on waiting for a peer's acknowledgement. */
  public static final String REPLICATION_TIMEOUT = "amchain.mempool.replication-timeout";

  public static Behavior<Command> create(
      final NodeResources resources, final TxPool.Limits limits) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  Events.subscribe(context, Chain.NewHead.class, HeadMoved::new);
                  final Duration replicationTimeout =
                      context.getSystem().settings().config().getDuration(REPLICATION_TIMEOUT);
                  return new Mempool(
                          context,
                          timers,
                          resources,
                          new TxPool(resources.chainId(), limits),
                          replicationTimeout)
                      .reload();
                }));
  }

  /** A client waiting for a peer to store its transaction, until {@code deadline} (nanoTime). */
  private record AwaitingReplica(ActorRef<SubmitResult> replyTo, long deadline) {}

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final NodeResources resources;
  private final TxPool pool;
  private final Duration replicationTimeout;

  /** Clients' transactions that no peer has stored yet, oldest first. */
  private final LinkedHashMap<Hash, AwaitingReplica> awaitingReplica = new LinkedHashMap<>();

  /** Other members hearing this node's gossip, as the gossip actor last counted them. */
  private int peers;

  /** Transactions from this node's clients that are pooled but not executable yet. */
  private final Set<Hash> localWaiting = new HashSet<>();

  private BlockHeader head;
  private TxPool.AccountView accounts;

  private Mempool(
      final ActorContext<Command> context,
      final TimerScheduler<Command> timers,
      final NodeResources resources,
      final TxPool pool,
      final Duration replicationTimeout) {
    this.context = context;
    this.timers = timers;
    this.resources = resources;
    this.pool = pool;
    this.replicationTimeout = replicationTimeout;
    this.head = resources.headHeader();
    this.accounts = accountsAt(head);
  }

  private TxPool.AccountView accountsAt(final BlockHeader header) {
    final WorldState state = resources.stateAt(header);
    final Fork rules = resources.genesis().forks().rulesAfter(header);
    return new TxPool.AccountView() {
      @Override
      public long nonce(final Address address) {
        return state.getNonce(address);
      }

      @Override
      public UInt256 balance(final Address address) {
        return state.getBalance(address);
      }

      @Override
      public Fork rules() {
        return rules;
      }
    };
  }

  /** The block builder's function, so that the pool prices what the next block will charge. */
  private UInt256 nextBaseFee() {
    return FeeMarket.nextBaseFee(head);
  }

  /** Takes back what the store kept from before a restart; what is no longer valid is dropped. */
  private Behavior<Command> reload() {
    final List<Hash> dropped = new ArrayList<>();
    pool.newHead(accounts, nextBaseFee()); // empty: this only prices what follows
    for (final Transaction tx : resources.poolStore().transactions()) {
      if (pool.add(tx, accounts) instanceof TxPool.Rejected) {
        dropped.add(tx.hash());
      }
    }
    resources.poolStore().remove(dropped);
    if (pool.pendingCount() + pool.queuedCount() > 0) {
      context
          .getLog()
          .info("mempool reloaded: {} pending, {} queued", pool.pendingCount(), pool.queuedCount());
    }
    return behavior();
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(Receive.class, this::onReceive)
        .onMessage(Candidates.class, this::onCandidates)
        .onMessage(GetContent.class, this::onGetContent)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(GetNextNonce.class, this::onGetNextNonce)
        .onMessage(HeadMoved.class, this::onHeadMoved)
        .onMessage(PeersChanged.class, this::onPeersChanged)
        .onMessage(Replicated.class, this::onReplicated)
        .onMessageEquals(CheckReplication.INSTANCE, this::onCheckReplication)
        .build();
  }

  private Behavior<Command> onSubmit(final Submit submit) {
    final Transaction tx = submit.transaction();
    final TxPool.Result result = add(tx, true);
    if (result instanceof TxPool.Accepted accepted) {
      // A transaction that cannot run yet is not gossiped (pool rules), so no peer could store
      // it: it is answered at once, as geth does, and is replicated when it becomes executable.
      if (peers == 0 || !accepted.executable().contains(tx)) {
        submit.replyTo().tell(new Accepted(tx.hash()));
      } else {
        awaitReplica(tx.hash(), submit.replyTo());
      }
    } else if (result instanceof TxPool.Rejected rejected) {
      submit.replyTo().tell(new Rejected(rejected.reason(), rejected.detail()));
    }
    return Behaviors.same();
  }

  private void awaitReplica(final Hash hash, final ActorRef<SubmitResult> replyTo) {
    awaitingReplica.put(
        hash, new AwaitingReplica(replyTo, System.nanoTime() + replicationTimeout.toNanos()));
    if (!timers.isTimerActive(CheckReplication.INSTANCE)) {
      // A quarter of the bound: a client waits at most a quarter longer than it, and the check
      // runs a few times per bound, whatever the rate of submissions.
      timers.startTimerWithFixedDelay(
          CheckReplication.INSTANCE, CheckReplication.INSTANCE, replicationTimeout.dividedBy(4));
    }
  }

  private Behavior<Command> onReceive(final Receive receive) {
    final List<Hash> refused = new ArrayList<>();
    for (final Transaction tx : receive.transactions()) {
      if (add(tx, false) instanceof TxPool.Rejected rejected && !isHeld(rejected.reason())) {
        refused.add(tx.hash());
      }
    }
    receive.replyTo().tell(new Stored(refused));
    return Behaviors.same();
  }

  /**
   * Whether a peer's transaction refused for {@code reason} is safe here all the same: pooled
   * already, or past (its nonce is used by a block this node has).
   */
  private static boolean isHeld(final TransactionException.Reason reason) {
    return reason == TransactionException.Reason.ALREADY_KNOWN
        || reason == TransactionException.Reason.NONCE_TOO_LOW;
  }

  private Behavior<Command> onPeersChanged(final PeersChanged changed) {
    if (changed.peers() != peers) {
      context.getLog().info("transactions are replicated to {} peers", changed.peers());
    }
    peers = changed.peers();
    return Behaviors.same();
  }

  private Behavior<Command> onReplicated(final Replicated replicated) {
    for (final Hash hash : replicated.transactions()) {
      final AwaitingReplica client = awaitingReplica.remove(hash);
      if (client != null) {
        client.replyTo().tell(new Accepted(hash));
      }
    }
    return Behaviors.same();
  }

  private Behavior<Command> onCheckReplication() {
    final long now = System.nanoTime();
    final Iterator<Map.Entry<Hash, AwaitingReplica>> oldestFirst =
        awaitingReplica.entrySet().iterator();
    while (oldestFirst.hasNext()) {
      final Map.Entry<Hash, AwaitingReplica> waiting = oldestFirst.next();
      if (waiting.getValue().deadline() - now > 0) {
        break;
      }
      waiting.getValue().replyTo().tell(new NotReplicated(waiting.getKey(), replicationTimeout));
      oldestFirst.remove();
    }
    if (awaitingReplica.isEmpty()) {
      timers.cancel(CheckReplication.INSTANCE);
    }
    return Behaviors.same();
  }

  private TxPool.Result add(final Transaction tx, final boolean local) {
    final TxPool.Result result = pool.add(tx, accounts);
    if (result instanceof TxPool.Accepted accepted) {
      resources.poolStore().put(tx);
      final List<Hash> gone = new ArrayList<>(1 + accepted.evicted().size());
      if (accepted.replaced() != null) {
        gone.add(accepted.replaced().hash());
      }
      accepted.evicted().forEach(evicted -> gone.add(evicted.hash()));
      if (!gone.isEmpty()) {
        resources.poolStore().remove(gone);
        gone.forEach(localWaiting::remove);
      }
      if (local && !accepted.executable().contains(tx)) {
        localWaiting.add(tx.hash());
      }
      publish(accepted.executable(), tx, local);
    }
    return result;
  }

  /** Announces transactions that became executable; {@code submitted} came with {@code local}. */
  private void publish(
      final List<Transaction> executable,
      final @Nullable Transaction submitted,
      final boolean local) {
    for (final Transaction tx : executable) {
      final boolean fromClient = tx.equals(submitted) ? local : localWaiting.remove(tx.hash());
      context
          .getSystem()
          .eventStream()
          .tell(new EventStream.Publish<>(new NewPendingTransaction(tx, fromClient)));
    }
  }

  private Behavior<Command> onCandidates(final Candidates request) {
    final TxPool.AccountView parentAccounts =
        request.parent().hash().equals(head.hash()) ? accounts : accountsAt(request.parent());
    request
        .replyTo()
        .tell(
            new CandidateList(
                pool.executable(parentAccounts, request.baseFee(), request.gasLimit())));
    return Behaviors.same();
  }

  private Behavior<Command> onGetContent(final GetContent request) {
    request.replyTo().tell(new Content(pool.pending(), pool.queued()));
    return Behaviors.same();
  }

  private Behavior<Command> onGetStatus(final GetStatus request) {
    request.replyTo().tell(new Status(pool.pendingCount(), pool.queuedCount(), peers));
    return Behaviors.same();
  }

  private Behavior<Command> onGetNextNonce(final GetNextNonce request) {
    request.replyTo().tell(new NextNonce(pool.nextNonce(request.sender(), accounts)));
    return Behaviors.same();
  }

  private Behavior<Command> onHeadMoved(final HeadMoved moved) {
    head = moved.newHead().block().header();
    accounts = accountsAt(head);
    final List<Transaction> executable = new ArrayList<>();
    if (!moved.newHead().orphaned().isEmpty()) {
      executable.addAll(pool.reinject(moved.newHead().orphaned(), accounts));
      moved.newHead().orphaned().forEach(resources.poolStore()::put);
    }
    executable.addAll(pool.newHead(accounts, nextBaseFee()));
    publish(executable, null, false);
    localWaiting.removeIf(hash -> !pool.contains(hash));
    resources
        .poolStore()
        .remove(moved.newHead().block().transactions().stream().map(Transaction::hash).toList());
    return Behaviors.same();
  }
}
