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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
 */
public final class Mempool {

  /** What the pool is asked. */
  public sealed interface Command {}

  /** A transaction from a client of this node; accepted ones are gossiped. */
  public record Submit(Transaction transaction, ActorRef<SubmitResult> replyTo)
      implements Command {}

  /** Transactions gossiped by peers: accepted quietly, rejected silently. */
  public record Receive(List<Transaction> transactions) implements Command {
    public Receive {
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

  /** The answer to {@link Submit}. */
  public sealed interface SubmitResult {}

  /** In the pool, durably. */
  public record Accepted(Hash hash) implements SubmitResult {}

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

  /** Executable and waiting transaction counts. */
  public record Status(int pending, int queued) {}

  /** The answer to {@link GetNextNonce}: an unsigned 64-bit nonce. */
  public record NextNonce(long nonce) {}

  /**
   * Published on the event stream for each transaction accepted into the pool; {@code local} when
   * it came from this node's clients, so that gossip spreads it.
   */
  public record NewPendingTransaction(Transaction transaction, boolean local) {}

  public static Behavior<Command> create(
      final NodeResources resources, final TxPool.Limits limits) {
    return Behaviors.setup(
        context -> {
          Events.subscribe(context, Chain.NewHead.class, HeadMoved::new);
          return new Mempool(context, resources, new TxPool(resources.chainId(), limits)).reload();
        });
  }

  private final ActorContext<Command> context;
  private final NodeResources resources;
  private final TxPool pool;

  /** Transactions from this node's clients that are pooled but not executable yet. */
  private final Set<Hash> localWaiting = new HashSet<>();

  private BlockHeader head;
  private TxPool.AccountView accounts;

  private Mempool(
      final ActorContext<Command> context, final NodeResources resources, final TxPool pool) {
    this.context = context;
    this.resources = resources;
    this.pool = pool;
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
        .build();
  }

  private Behavior<Command> onSubmit(final Submit submit) {
    final Transaction tx = submit.transaction();
    final TxPool.Result result = add(tx, true);
    if (result instanceof TxPool.Accepted) {
      submit.replyTo().tell(new Accepted(tx.hash()));
    } else if (result instanceof TxPool.Rejected rejected) {
      submit.replyTo().tell(new Rejected(rejected.reason(), rejected.detail()));
    }
    return Behaviors.same();
  }

  private Behavior<Command> onReceive(final Receive receive) {
    receive.transactions().forEach(tx -> add(tx, false));
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
    request.replyTo().tell(new Status(pool.pendingCount(), pool.queuedCount()));
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
