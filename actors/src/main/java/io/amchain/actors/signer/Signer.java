package io.amchain.actors.signer;

import io.amchain.actors.Events;
import io.amchain.actors.NodeResources;
import io.amchain.actors.builder.BlockBuilder;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.proposals.OwnProposals;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.Proposals;
import io.amchain.consensus.clique.SealingIntent;
import io.amchain.consensus.clique.SealingSchedule;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The sealing round, on nodes that hold a signer key. Each new head starts a round: the snapshot
 * says whether this signer may seal on it (authorised, not among the recent signers); if so a timer
 * fires at the earliest seal time, plus the out-of-turn wiggle; then the builder fills a block,
 * this actor seals it, gossip spreads it and the chain imports it (a signer in turn has its builder
 * {@link BlockBuilder.Prepare prepare} the block meanwhile). A head that arrives first ends the
 * round. An in-turn signer tells its peers, signed, that it has started building ({@link
 * SealingIntent}); an out-of-turn signer that hears that intent, or the in-turn block itself,
 * before it seals holds its own block back ({@link SealingSchedule#yieldsTo}), whether its timer is
 * still running or its builder is already busy.
 */
public final class Signer {

  /** The round's messages; all private but the head that starts a round. */
  public sealed interface Command {}

  private record HeadChanged(BlockHeader head, Snapshot snapshot) implements Command {}

  private record ProposalsChanged(Map<Address, Boolean> proposals) implements Command {}

  private record SealTick(BlockHeader head, Snapshot snapshot, long timestamp) implements Command {}

  private record BuiltBlock(SealTick tick, BlockBuilder.Built built, long startNanos)
      implements Command {}

  /** {@code buildNanos} from the tick to the built block, for the log. */
  private record ImportDone(
      Block block, Chain.ImportResult result, long buildNanos, long importStartNanos)
      implements Command {}

  private record StepFailed(BlockHeader head, String reason) implements Command {}

  private record BlockHeard(BlockHeader header) implements Command {}

  private record IntentHeard(SealingIntent intent) implements Command {}

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final Object ROUND = "round";
  private static final Duration EMPTY_POOL_RETRY = Duration.ofMillis(250);

  /**
   * A round that failed (a busy builder, mempool or chain timed out) starts again after this: if no
   * signer's round succeeded, no new head would ever come to start one, and the chain would stop.
   */
  private static final Duration FAILED_ROUND_RETRY = Duration.ofSeconds(1);

  /**
   * How long an out-of-turn signer holds its block back once the in-turn signer's intent or block
   * for that height has been heard ({@link SealingSchedule#yieldsTo}): the in-turn block's import
   * normally ends the round well before; if it never does (its signer died while building), this
   * signer seals after all, within two periods of a 1 s chain.
   */
  private static final Duration YIELD = Duration.ofSeconds(2);

  public static Behavior<Command> create(
      final NodeResources resources,
      final PrivateKey key,
      final ActorRef<OwnProposals.Command> proposals,
      final ActorRef<BlockBuilder.Command> builder,
      final ActorRef<Chain.Command> chain,
      final ActorRef<Gossip.Command> gossip) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  Events.subscribe(
                      context,
                      Chain.NewHead.class,
                      newHead -> new HeadChanged(newHead.block().header(), newHead.snapshot()));
                  Events.subscribe(
                      context, Gossip.BlockHeard.class, heard -> new BlockHeard(heard.header()));
                  Events.subscribe(
                      context, Gossip.IntentHeard.class, heard -> new IntentHeard(heard.intent()));
                  // Sealing before joining the cluster would only fork: the first round waits for
                  // this member to be up (at once for a single-node cluster).
                  Cluster.get(context.getSystem())
                      .subscriptions()
                      .tell(
                          Subscribe.create(
                              context.messageAdapter(SelfUp.class, up -> currentHead(resources)),
                              SelfUp.class));
                  proposals.tell(
                      new OwnProposals.Follow(
                          context.messageAdapter(
                              OwnProposals.ProposalList.class,
                              list -> new ProposalsChanged(list.proposals()))));
                  return new Signer(context, timers, resources, key, builder, chain, gossip)
                      .behavior();
                }));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final NodeResources resources;
  private final PrivateKey key;
  private final Address address;
  private final long period;
  private final ActorRef<BlockBuilder.Command> builder;
  private final ActorRef<Chain.Command> chain;
  private final ActorRef<Gossip.Command> gossip;
  private final Random random = new Random();

  /** This node's proposals, as {@link OwnProposals} last sent them: the source of each vote. */
  private Map<Address, Boolean> proposals = Map.of();

  /** The head the current round builds on. */
  private Optional<BlockHeader> round = Optional.empty();

  /** The current round's seal time, once its snapshot allows this signer to seal. */
  private Optional<SealTick> scheduled = Optional.empty();

  /** The last sealing intent heard: it may come before this node has the parent it names. */
  private Optional<SealingIntent> lastIntent = Optional.empty();

  /** The builder is filling this round's block. */
  private boolean building;

  /** The in-turn block was heard while the builder was busy: ours is held back when it comes. */
  private boolean yieldWhenBuilt;

  private Signer(
      final ActorContext<Command> context,
      final TimerScheduler<Command> timers,
      final NodeResources resources,
      final PrivateKey key,
      final ActorRef<BlockBuilder.Command> builder,
      final ActorRef<Chain.Command> chain,
      final ActorRef<Gossip.Command> gossip) {
    this.context = context;
    this.timers = timers;
    this.resources = resources;
    this.key = key;
    this.address = key.publicKey().address();
    this.period = resources.rules().period();
    this.builder = builder;
    this.chain = chain;
    this.gossip = gossip;
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(HeadChanged.class, this::onHead)
        .onMessage(
            ProposalsChanged.class,
            changed -> {
              proposals = changed.proposals();
              return Behaviors.same();
            })
        .onMessage(SealTick.class, this::onTick)
        .onMessage(BuiltBlock.class, this::onBuilt)
        .onMessage(ImportDone.class, this::onImported)
        .onMessage(StepFailed.class, this::onFailed)
        .onMessage(
            BlockHeard.class,
            heard ->
                holdBackIf(
                    snapshot -> SealingSchedule.yieldsTo(snapshot, address, heard.header()),
                    "in-turn block " + heard.header().number()))
        .onMessage(
            IntentHeard.class,
            heard -> {
              lastIntent = Optional.of(heard.intent());
              return holdBackForIntent(heard.intent());
            })
        .build();
  }

  private Behavior<Command> onFailed(final StepFailed failed) {
    context
        .getLog()
        .warn(
            "sealing round on {} failed, retrying in {}: {}",
            failed.head().number(),
            FAILED_ROUND_RETRY,
            failed.reason());
    if (isCurrent(failed.head())) {
      // The retry is a fresh round on the same head, unless a newer head has come by then.
      round = Optional.empty();
      timers.startSingleTimer(ROUND, currentHead(resources), FAILED_ROUND_RETRY);
    }
    return Behaviors.same();
  }

  private boolean isCurrent(final BlockHeader head) {
    return round.isPresent() && round.get().hash().equals(head.hash());
  }

  /** The stored head, with its snapshot from the node's cache. */
  private static HeadChanged currentHead(final NodeResources resources) {
    final BlockHeader head = resources.headHeader();
    return new HeadChanged(head, resources.snapshotAt(head.hash()));
  }

  private Behavior<Command> onHead(final HeadChanged changed) {
    final BlockHeader head = changed.head();
    if (isCurrent(head) || head.number() < resources.headHeader().number()) {
      return Behaviors.same();
    }
    timers.cancel(ROUND);
    scheduled = Optional.empty();
    building = false;
    yieldWhenBuilt = false;
    round = Optional.of(head);
    final Snapshot snapshot = changed.snapshot();
    final Optional<String> refusal = SealingSchedule.refusal(snapshot, address);
    if (refusal.isPresent()) {
      context.getLog().debug("not sealing on {}: {}", head.number(), refusal.get());
      return Behaviors.same();
    }
    final long nowMillis = System.currentTimeMillis();
    final long timestamp = SealingSchedule.timestamp(head, period, nowMillis / 1000);
    final long delayMillis =
        Math.max(0, timestamp * 1000 - nowMillis)
            + SealingSchedule.wiggleMillis(snapshot, address, random);
    final SealTick tick = new SealTick(head, snapshot, timestamp);
    scheduled = Optional.of(tick);
    timers.startSingleTimer(ROUND, tick, Duration.ofMillis(delayMillis));
    if (snapshot.inTurn(head.number() + 1, address) && SealingSchedule.sealsEmptyBlocks(period)) {
      // In turn, this signer almost surely seals the next block: the builder runs the pool's
      // transactions while the period passes, and the build at the tick has little left to run.
      builder.tell(new BlockBuilder.Prepare(head, address, timestamp));
    }
    // The in-turn signer may have imported the parent, and said so, before this node did.
    lastIntent.ifPresent(this::holdBackForIntent);
    return Behaviors.same();
  }

  private Behavior<Command> holdBackForIntent(final SealingIntent intent) {
    return holdBackIf(
        snapshot -> SealingSchedule.yieldsTo(snapshot, address, intent),
        "in-turn signer's intent for " + intent.number());
  }

  private Behavior<Command> holdBackIf(final Predicate<Snapshot> yields, final String heard) {
    if (scheduled.isPresent()
        && isCurrent(scheduled.get().head())
        && yields.test(scheduled.get().snapshot())) {
      context.getLog().debug("{} heard: holding back ours for {}", heard, YIELD);
      if (building) {
        yieldWhenBuilt = true;
      } else {
        timers.startSingleTimer(ROUND, scheduled.get(), YIELD);
      }
    }
    return Behaviors.same();
  }

  private Behavior<Command> onTick(final SealTick tick) {
    if (!isCurrent(tick.head())) {
      return Behaviors.same();
    }
    building = true;
    final long start = System.nanoTime();
    if (tick.snapshot().inTurn(tick.head().number() + 1, address)) {
      gossip.tell(
          new Gossip.PublishIntent(
              SealingIntent.sign(tick.head().hash(), tick.head().number() + 1, key)));
    }
    context.ask(
        BlockBuilder.BuildResult.class,
        builder,
        ASK_TIMEOUT,
        replyTo ->
            new BlockBuilder.Build(
                tick.head(),
                tick.snapshot(),
                address,
                tick.timestamp(),
                Proposals.nextVote(proposals, tick.snapshot(), random),
                replyTo),
        (result, failure) -> {
          if (result instanceof BlockBuilder.Built built) {
            return new BuiltBlock(tick, built, start);
          }
          return new StepFailed(
              tick.head(),
              result instanceof BlockBuilder.BuildFailed failed
                  ? "the builder failed: " + failed.reason()
                  : "no block from the builder: " + failure);
        });
    return Behaviors.same();
  }

  private Behavior<Command> onBuilt(final BuiltBlock built) {
    final Block unsealed = built.built().block();
    final SealTick tick = built.tick();
    if (!isCurrent(tick.head())) {
      return Behaviors.same();
    }
    building = false;
    if (yieldWhenBuilt) {
      yieldWhenBuilt = false;
      timers.startSingleTimer(ROUND, tick, YIELD);
      return Behaviors.same();
    }
    if (!SealingSchedule.sealsEmptyBlocks(period) && unsealed.transactions().isEmpty()) {
      // Period 0: nothing to seal yet; look again shortly.
      final long timestamp =
          SealingSchedule.timestamp(tick.head(), period, System.currentTimeMillis() / 1000);
      timers.startSingleTimer(
          ROUND, new SealTick(tick.head(), tick.snapshot(), timestamp), EMPTY_POOL_RETRY);
      return Behaviors.same();
    }
    final Block sealed =
        new Block(Clique.seal(unsealed.header(), key), unsealed.transactions(), List.of());
    final long builtAt = System.nanoTime();
    // Peers hear the block before this node's own import (journal write, store commit) is done:
    // the sooner they have it, the sooner out-of-turn signers stand down. The builder executed it
    // with the same rules every peer checks, so there is nothing the import could still find.
    gossip.tell(new Gossip.PublishBlock(sealed));
    context.ask(
        Chain.ImportResult.class,
        chain,
        ASK_TIMEOUT,
        replyTo -> new Chain.ImportBuilt(sealed, built.built().receipts(), replyTo),
        (result, failure) ->
            result != null
                ? new ImportDone(sealed, result, builtAt - built.startNanos(), builtAt)
                : new StepFailed(tick.head(), "the chain did not answer the import: " + failure));
    return Behaviors.same();
  }

  private Behavior<Command> onImported(final ImportDone done) {
    // Already known is fine: the block went to gossip first, and gossip's own copy may have reached
    // the chain before the signer's.
    if (done.result() instanceof Chain.Imported) {
      context
          .getLog()
          .info(
              "sealed block {} {} with {} transactions (built in {} ms, imported in {} ms)",
              done.block().number(),
              done.block().hash(),
              done.block().transactions().size(),
              done.buildNanos() / 1_000_000,
              (System.nanoTime() - done.importStartNanos()) / 1_000_000);
    } else {
      context.getLog().warn("own block {} not imported: {}", done.block().number(), done.result());
    }
    return Behaviors.same();
  }
}
