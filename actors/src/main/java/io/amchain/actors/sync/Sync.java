package io.amchain.actors.sync;

import io.amchain.actors.NodeResources;
import io.amchain.actors.WireMessage;
import io.amchain.actors.chain.Chain;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.jspecify.annotations.Nullable;

/**
 * Catches up with peers: now and then, and whenever a gossiped block has an unknown parent, it asks
 * a random peer for its head; if the peer's chain is heavier it fetches canonical blocks from that
 * peer in batches and imports them in order. A batch whose first block has an unknown parent means
 * the two chains forked below our head: the next request starts further back, doubling each time.
 * Every node serves the same requests to its peers.
 */
public final class Sync {

  /** Sync actors find each other through the receptionist under this key. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "amchain-sync");

  /** The sync protocol, local and between nodes. */
  public sealed interface Command {}

  /** Look for a heavier chain now. */
  public record CatchUp() implements Command {}

  /** A peer asks for this node's head. */
  public record GetStatus(ActorRef<Command> replyTo) implements Command, WireMessage {}

  /** A node's head and total difficulty. */
  public record Status(Hash head, long number, Bytes totalDifficulty, ActorRef<Command> peer)
      implements Command, WireMessage {}

  /** A peer asks for canonical blocks {@code from}, at most {@code count}. */
  public record GetBlocks(long from, int count, ActorRef<Command> replyTo)
      implements Command, WireMessage {}

  /** Canonical blocks in order, each as its network RLP. */
  public record Blocks(List<Bytes> blocks, ActorRef<Command> peer) implements Command, WireMessage {
    public Blocks {
      blocks = List.copyOf(blocks);
    }
  }

  /** How far a catch-up has come, for {@code eth_syncing}. */
  public record GetProgress(ActorRef<Progress> replyTo) implements Command {}

  /** The block a catch-up started from, where it is, and the highest block a peer reported. */
  public record Progress(long startingBlock, long currentBlock, long highestBlock) {}

  private record PeersChanged(Set<ActorRef<Command>> peers) implements Command {
    PeersChanged {
      peers = Set.copyOf(peers);
    }
  }

  private record Tick() implements Command {}

  private record TimedOut() implements Command {}

  /** The chain's answer; null if it gave none in time. */
  private record ImportAnswered(Chain.@Nullable ImportResult result) implements Command {}

  /** How often and how much to sync. */
  public record Settings(Duration interval, int batchSize, int maxResponseBytes) {}

  private static final Object TICK = "tick";
  private static final Object TIMEOUT = "timeout";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  public static Behavior<Command> create(
      final NodeResources resources, final ActorRef<Chain.Command> chain, final Settings settings) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  context
                      .getSystem()
                      .receptionist()
                      .tell(Receptionist.register(KEY, context.getSelf()));
                  context
                      .getSystem()
                      .receptionist()
                      .tell(
                          Receptionist.subscribe(
                              KEY,
                              context.messageAdapter(
                                  Receptionist.Listing.class,
                                  listing -> new PeersChanged(listing.getServiceInstances(KEY)))));
                  timers.startTimerWithFixedDelay(TICK, new Tick(), settings.interval());
                  return new Sync(context, timers, resources, chain, settings).behavior();
                }));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final NodeResources resources;
  private final ActorRef<Chain.Command> chain;
  private final Settings settings;
  private final Random random = new Random();
  private Set<ActorRef<Command>> peers = Set.of();

  /** The peer being synced from, while a request or a batch is in flight. */
  private ActorRef<Command> syncingFrom;

  private List<Block> batch = List.of();
  private int next;
  private long backoff;
  private long target;
  private long startingBlock;

  private Sync(
      final ActorContext<Command> context,
      final TimerScheduler<Command> timers,
      final NodeResources resources,
      final ActorRef<Chain.Command> chain,
      final Settings settings) {
    this.context = context;
    this.timers = timers;
    this.resources = resources;
    this.chain = chain;
    this.settings = settings;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(PeersChanged.class, this::onPeers)
        .onMessage(Tick.class, m -> startRound())
        .onMessage(CatchUp.class, m -> startRound())
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(GetBlocks.class, this::onGetBlocks)
        .onMessage(Status.class, this::onStatus)
        .onMessage(Blocks.class, this::onBlocks)
        .onMessage(ImportAnswered.class, this::onImportAnswered)
        .onMessage(TimedOut.class, m -> idle())
        .onMessage(GetProgress.class, this::onGetProgress)
        .build();
  }

  private Behavior<Command> onPeers(final PeersChanged changed) {
    final Set<ActorRef<Command>> others = new HashSet<>(changed.peers());
    others.remove(context.getSelf());
    peers = others;
    if (syncingFrom != null && !peers.contains(syncingFrom)) {
      // The peer left the cluster (a killed node is downed): waiting out the request timeout for
      // its answer would hold up the next round for nothing.
      idle();
      return startRound();
    }
    return Behaviors.same();
  }

  private Behavior<Command> startRound() {
    if (syncingFrom != null || peers.isEmpty()) {
      return Behaviors.same();
    }
    final List<ActorRef<Command>> candidates = new ArrayList<>(peers);
    syncingFrom = candidates.get(random.nextInt(candidates.size()));
    syncingFrom.tell(new GetStatus(context.getSelf()));
    timers.startSingleTimer(TIMEOUT, new TimedOut(), REQUEST_TIMEOUT);
    return Behaviors.same();
  }

  private Behavior<Command> idle() {
    syncingFrom = null;
    batch = List.of();
    timers.cancel(TIMEOUT);
    return Behaviors.same();
  }

  private Behavior<Command> onGetProgress(final GetProgress request) {
    final long current = resources.headHeader().number();
    request
        .replyTo()
        .tell(
            current >= target
                ? new Progress(current, current, current)
                : new Progress(startingBlock, current, target));
    return Behaviors.same();
  }

  private Behavior<Command> onGetStatus(final GetStatus request) {
    final BlockHeader head = resources.headHeader();
    final UInt256 td = Objects.requireNonNull(resources.chainStore().totalDifficulty(head.hash()));
    request
        .replyTo()
        .tell(new Status(head.hash(), head.number(), td.toMinimalBytes(), context.getSelf()));
    return Behaviors.same();
  }

  private Behavior<Command> onGetBlocks(final GetBlocks request) {
    final List<Bytes> blocks = new ArrayList<>();
    long bytes = 0;
    for (long n = request.from(); blocks.size() < request.count(); n++) {
      final Hash hash = resources.chainStore().canonicalHash(n);
      final Block block = hash == null ? null : resources.chainStore().block(hash);
      if (block == null) {
        break;
      }
      final Bytes encoded = block.encoded();
      bytes += encoded.size();
      if (bytes > settings.maxResponseBytes() && !blocks.isEmpty()) {
        break;
      }
      blocks.add(encoded);
    }
    request.replyTo().tell(new Blocks(blocks, context.getSelf()));
    return Behaviors.same();
  }

  private Behavior<Command> onStatus(final Status status) {
    if (!status.peer().equals(syncingFrom)) {
      return Behaviors.same();
    }
    final BlockHeader head = resources.headHeader();
    final UInt256 ours =
        Objects.requireNonNull(resources.chainStore().totalDifficulty(head.hash()));
    final UInt256 theirs = UInt256.fromBytes(status.totalDifficulty());
    if (!ours.lessThan(theirs) || resources.chainStore().contains(status.head())) {
      backoff = 0;
      return idle();
    }
    if (target <= head.number()) {
      startingBlock = head.number();
    }
    target = status.number();
    // A peer on another branch may be heavier at a height we already have: start at or below
    // its head.
    requestFrom(Math.min(head.number() + 1, status.number()) - backoff);
    return Behaviors.same();
  }

  private void requestFrom(final long from) {
    Objects.requireNonNull(syncingFrom)
        .tell(new GetBlocks(Math.max(1, from), settings.batchSize(), context.getSelf()));
    timers.startSingleTimer(TIMEOUT, new TimedOut(), REQUEST_TIMEOUT);
  }

  private Behavior<Command> onBlocks(final Blocks response) {
    if (!response.peer().equals(syncingFrom)) {
      return Behaviors.same();
    }
    if (response.blocks().isEmpty()) {
      return idle();
    }
    final List<Block> blocks = new ArrayList<>();
    try {
      response.blocks().forEach(rlp -> blocks.add(Block.decode(rlp)));
    } catch (RuntimeException e) {
      context.getLog().warn("sync: undecodable block from {}: {}", syncingFrom, e.getMessage());
      return idle();
    }
    batch = blocks;
    next = 0;
    importNext();
    return Behaviors.same();
  }

  private void importNext() {
    final Block block = batch.get(next);
    timers.startSingleTimer(TIMEOUT, new TimedOut(), REQUEST_TIMEOUT);
    context.ask(
        Chain.ImportResult.class,
        chain,
        REQUEST_TIMEOUT,
        replyTo -> new Chain.Import(block, replyTo),
        (result, failure) -> new ImportAnswered(result));
  }

  private Behavior<Command> onImportAnswered(final ImportAnswered answered) {
    if (batch.isEmpty()) {
      return Behaviors.same();
    }
    final Block block = batch.get(next);
    if (answered.result() instanceof Chain.UnknownParent) {
      if (next > 0 || block.number() <= 1) {
        context.getLog().warn("sync: peer sent block {} without its parent", block.number());
        return idle();
      }
      backoff = backoff == 0 ? settings.batchSize() : backoff * 2;
      batch = List.of();
      requestFrom(resources.headHeader().number() + 1 - backoff);
      return Behaviors.same();
    }
    if (answered.result() == null) {
      context
          .getLog()
          .warn("sync: the chain did not answer the import of block {}", block.number());
      return idle();
    }
    if (answered.result() instanceof Chain.Rejected rejected) {
      context
          .getLog()
          .warn(
              "sync: block {} from a peer rejected ({}): {}",
              block.number(),
              rejected.rule(),
              rejected.detail());
      return idle();
    }
    if (++next < batch.size()) {
      importNext();
      return Behaviors.same();
    }
    backoff = 0;
    final long last = block.number();
    context.getLog().info("sync: imported blocks up to {} of the peer's {}", last, target);
    final boolean full = batch.size() == settings.batchSize();
    batch = List.of();
    if (full || last < target) {
      requestFrom(last + 1);
      return Behaviors.same();
    }
    return idle();
  }
}
