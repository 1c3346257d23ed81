package io.amchain.actors.gossip;

import io.amchain.actors.Events;
import io.amchain.actors.WireMessage;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.mempool.Mempool;
import io.amchain.actors.sync.Sync;
import io.amchain.consensus.clique.SealingIntent;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Spreads new blocks and transactions to every member of the cluster through one typed {@link
 * Topic}, and hands what peers spread to the chain and the mempool. Transactions are spread by the
 * node whose client sent them, once; peers do not re-spread them. A block heard before its parent
 * waits for the parent a short while ({@link #PARENT_GRACE}) and is imported right after it; if the
 * parent does not come, the sync actor fetches the range.
 *
 * <p>Under load a node accepts thousands of transactions a second, so they travel in batches: the
 * first accepted transaction opens a window of {@link #TRANSACTION_WINDOW}, and everything accepted
 * until it closes (or until {@link #MAX_BATCH} are waiting) goes out as one message. Received
 * batches are decoded, and their senders recovered, on the blocking dispatcher's threads rather
 * than in the mempool's mailbox: recovery is the costliest step of admission and parallelises.
 */
public final class Gossip {

  /** What the gossip actor is told. */
  public sealed interface Command {}

  /** Spread a block this node sealed. */
  public record PublishBlock(Block block) implements Command {}

  /** Spread this node's signer's word that it is building its block. */
  public record PublishIntent(SealingIntent intent) implements Command {}

  private record Heard(Broadcast broadcast) implements Command {}

  private record Accepted(Mempool.NewPendingTransaction accepted) implements Command {}

  private enum FlushTransactions implements Command {
    INSTANCE
  }

  /** The chain's answer; null if it gave none in time (the block is then left to sync). */
  private record ImportAnswered(Block block, Chain.@Nullable ImportResult result)
      implements Command {}

  private record HeadMoved(Hash head) implements Command {}

  private record ParentOverdue(Hash parent) implements Command {}

  /**
   * Published on the event stream for every block heard from the topic, before the chain has
   * imported it: lets the signer see that a block for the height it waits to seal is on its way.
   */
  public record BlockHeard(BlockHeader header) {}

  /** Published on the event stream for every sealing intent heard from the topic, unverified. */
  public record IntentHeard(SealingIntent intent) {}

  /** What travels on the topic. */
  public sealed interface Broadcast extends WireMessage {}

  /** A sealed block, as its network RLP. */
  public record NewBlock(Bytes rlp) implements Broadcast {}

  /** A signer's {@link SealingIntent}, encoded. */
  public record SealingStarted(Bytes intent) implements Broadcast {}

  /** Transactions, each as its network encoding. */
  public record NewTransactions(List<Bytes> transactions) implements Broadcast {
    public NewTransactions {
      transactions = List.copyOf(transactions);
    }
  }

  private static final String TOPIC = "amchain-gossip";
  private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration TRANSACTION_WINDOW = Duration.ofMillis(20);
  private static final int MAX_BATCH = 500;

  /**
   * How long a block heard before its parent waits for that parent to be heard too, before the sync
   * actor is sent for it: blocks from different sealers travel on different connections, so under
   * load a child can overtake its parent by some hundreds of milliseconds.
   */
  private static final Duration PARENT_GRACE = Duration.ofSeconds(1);

  private static final int MAX_AWAITING_PARENT = 64;
  private static final int PUBLISHED_REMEMBERED = 16;

  public static Behavior<Command> create(
      final ActorRef<Chain.Command> chain,
      final ActorRef<Mempool.Command> mempool,
      final ActorRef<Sync.Command> sync,
      final DispatcherSelector decoding) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  final ActorRef<Topic.Command<Broadcast>> topic =
                      context.spawn(Topic.create(Broadcast.class, TOPIC), "topic");
                  topic.tell(Topic.subscribe(context.messageAdapter(Broadcast.class, Heard::new)));
                  Events.subscribe(
                      context,
                      Chain.NewHead.class,
                      newHead -> new HeadMoved(newHead.block().hash()));
                  Events.subscribe(context, Mempool.NewPendingTransaction.class, Accepted::new);
                  final Executor decoder = context.getSystem().dispatchers().lookup(decoding);
                  return new Gossip(context, timers, topic, chain, mempool, sync, decoder)
                      .behavior();
                }));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final ActorRef<Topic.Command<Broadcast>> topic;
  private final ActorRef<Chain.Command> chain;
  private final ActorRef<Mempool.Command> mempool;
  private final ActorRef<Sync.Command> sync;
  private final Executor decoder;
  private final List<Bytes> outgoing = new ArrayList<>();

  /** Blocks heard before their parent, by the parent's hash; imported once the parent is. */
  private final Map<Hash, List<Block>> awaitingParent = new HashMap<>();

  /** The blocks this node sealed and published lately: the topic hands them back to it. */
  private final Deque<Hash> published = new ArrayDeque<>();

  private Gossip(
      final ActorContext<Command> context,
      final TimerScheduler<Command> timers,
      final ActorRef<Topic.Command<Broadcast>> topic,
      final ActorRef<Chain.Command> chain,
      final ActorRef<Mempool.Command> mempool,
      final ActorRef<Sync.Command> sync,
      final Executor decoder) {
    this.context = context;
    this.timers = timers;
    this.topic = topic;
    this.chain = chain;
    this.mempool = mempool;
    this.sync = sync;
    this.decoder = decoder;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(
            PublishBlock.class,
            m -> {
              remember(m.block().hash());
              topic.tell(Topic.publish(new NewBlock(m.block().encoded())));
              return Behaviors.same();
            })
        .onMessage(
            PublishIntent.class,
            m -> {
              topic.tell(Topic.publish(new SealingStarted(m.intent().encoded())));
              return Behaviors.same();
            })
        .onMessage(Accepted.class, this::onAccepted)
        .onMessageEquals(FlushTransactions.INSTANCE, this::flush)
        .onMessage(Heard.class, this::onHeard)
        .onMessage(ImportAnswered.class, this::onImportAnswered)
        .onMessage(HeadMoved.class, m -> release(m.head()))
        .onMessage(ParentOverdue.class, this::onParentOverdue)
        .build();
  }

  private void remember(final Hash hash) {
    if (published.size() == PUBLISHED_REMEMBERED) {
      published.removeFirst();
    }
    published.addLast(hash);
  }

  private Behavior<Command> onImportAnswered(final ImportAnswered answered) {
    if (answered.result() instanceof Chain.UnknownParent) {
      awaitParent(answered.block());
    } else if (answered.result() instanceof Chain.Imported) {
      release(answered.block().hash());
    }
    return Behaviors.same();
  }

  private void awaitParent(final Block block) {
    final Hash parent = block.header().parentHash();
    final int waiting = awaitingParent.values().stream().mapToInt(List::size).sum();
    if (waiting >= MAX_AWAITING_PARENT) {
      // Far behind rather than overtaken: fetching the range is the sync actor's job.
      sync.tell(new Sync.CatchUp());
      return;
    }
    awaitingParent.computeIfAbsent(parent, p -> new ArrayList<>()).add(block);
    if (!timers.isTimerActive(parent)) {
      timers.startSingleTimer(parent, new ParentOverdue(parent), PARENT_GRACE);
    }
  }

  /** Imports the blocks that waited for {@code parent}, now that the chain has it. */
  private Behavior<Command> release(final Hash parent) {
    final List<Block> children = awaitingParent.remove(parent);
    if (children != null) {
      timers.cancel(parent);
      children.forEach(this::importBlock);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onParentOverdue(final ParentOverdue overdue) {
    if (awaitingParent.remove(overdue.parent()) != null) {
      context.getLog().debug("parent {} not heard in {}: syncing", overdue.parent(), PARENT_GRACE);
      sync.tell(new Sync.CatchUp());
    }
    return Behaviors.same();
  }

  private Behavior<Command> onAccepted(final Accepted accepted) {
    if (!accepted.accepted().local()) {
      return Behaviors.same();
    }
    outgoing.add(accepted.accepted().transaction().encoded());
    if (outgoing.size() >= MAX_BATCH) {
      timers.cancel(FlushTransactions.INSTANCE);
      return flush();
    }
    if (!timers.isTimerActive(FlushTransactions.INSTANCE)) {
      timers.startSingleTimer(
          FlushTransactions.INSTANCE, FlushTransactions.INSTANCE, TRANSACTION_WINDOW);
    }
    return Behaviors.same();
  }

  private Behavior<Command> flush() {
    if (!outgoing.isEmpty()) {
      topic.tell(Topic.publish(new NewTransactions(outgoing)));
      outgoing.clear();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onHeard(final Heard heard) {
    if (heard.broadcast() instanceof NewBlock newBlock) {
      final BlockHeader header;
      final Block block;
      try {
        // The header alone first: this node's own blocks come back from the topic, and the signer
        // should hear of a peer's block before its thousands of transactions are decoded.
        header = BlockHeader.decode(Rlp.firstListElement(newBlock.rlp().toArray()));
        if (published.contains(header.hash())) {
          return Behaviors.same();
        }
        context.getSystem().eventStream().tell(new EventStream.Publish<>(new BlockHeard(header)));
        block = Block.decode(newBlock.rlp());
      } catch (RuntimeException e) {
        context.getLog().warn("undecodable block from a peer: {}", e.getMessage());
        return Behaviors.same();
      }
      importBlock(block);
    } else if (heard.broadcast() instanceof SealingStarted started) {
      try {
        final SealingIntent intent = SealingIntent.decode(started.intent());
        context.getSystem().eventStream().tell(new EventStream.Publish<>(new IntentHeard(intent)));
      } catch (IllegalArgumentException e) {
        context.getLog().warn("undecodable sealing intent from a peer: {}", e.getMessage());
      }
    } else if (heard.broadcast() instanceof NewTransactions newTransactions) {
      final Logger log = context.getLog();
      decoder.execute(
          () -> mempool.tell(new Mempool.Receive(decodeWithSenders(newTransactions, log))));
    }
    return Behaviors.same();
  }

  private void importBlock(final Block block) {
    context.ask(
        Chain.ImportResult.class,
        chain,
        IMPORT_TIMEOUT,
        replyTo -> new Chain.Import(block, replyTo),
        (result, failure) -> new ImportAnswered(block, result));
  }

  /** Runs on the decoder's threads: the actor's context must not be touched here. */
  private static List<Transaction> decodeWithSenders(
      final NewTransactions received, final Logger log) {
    final List<Transaction> transactions = new ArrayList<>(received.transactions().size());
    for (final Bytes raw : received.transactions()) {
      try {
        final Transaction tx = Transaction.decode(raw);
        tx.sender();
        transactions.add(tx);
      } catch (RuntimeException e) {
        log.debug("invalid transaction from a peer: {}", e.getMessage());
      }
    }
    return transactions;
  }
}
