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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
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
 *
 * <p>The round is a chain of behaviors, one per state, each holding what that state knows: {@link
 * #idle} (no round, or one this signer may not seal in), {@link #waitingForSlot} (the seal timer
 * runs), {@link #building} (the builder fills the block), {@link #sealed} (the block went to gossip
 * and the chain). A new head moves every state to a new round.
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
                      .idle(Optional.empty());
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

  /** The last sealing intent heard: it may come before this node has the parent it names. */
  private Optional<SealingIntent> lastIntent = Optional.empty();

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

  /** No round, or a round on {@code round} that this signer may not seal in. */
  private Behavior<Command> idle(final Optional<BlockHeader> round) {
    return orElse(Behaviors.receive(Command.class), round);
  }

  /** The seal timer runs for {@code tick}; a heard in-turn intent or block pushes it back. */
  private Behavior<Command> waitingForSlot(final SealTick tick) {
    return orElse(
        Behaviors.receive(Command.class)
            .onMessage(SealTick.class, t -> isFor(t.head(), tick), this::build)
            .onMessage(
                BlockHeard.class,
                heard -> {
                  holdBackIf(
                      tick, SealingSchedule.yieldsTo(tick.snapshot(), address, heard.header()));
                  return Behaviors.same();
                })
            .onMessage(
                IntentHeard.class,
                heard -> {
                  lastIntent = Optional.of(heard.intent());
                  holdBackIf(tick, yieldsToIntent(tick, heard.intent()));
                  return Behaviors.same();
                }),
        Optional.of(tick.head()));
  }

  /**
   * The builder fills the block of {@code tick}; {@code yieldWhenBuilt}: the in-turn signer's
   * intent or block was heard meanwhile, so the block is held back when it comes.
   */
  private Behavior<Command> building(final SealTick tick, final boolean yieldWhenBuilt) {
    return orElse(
        Behaviors.receive(Command.class)
            .onMessage(
                BuiltBlock.class,
                built -> isFor(built.tick().head(), tick),
                built -> onBuilt(built, yieldWhenBuilt))
            .onMessage(
                BlockHeard.class,
                heard ->
                    yieldWhenBuilt
                            || !SealingSchedule.yieldsTo(tick.snapshot(), address, heard.header())
                        ? Behaviors.same()
                        : building(tick, true))
            .onMessage(
                IntentHeard.class,
                heard -> {
                  lastIntent = Optional.of(heard.intent());
                  return yieldWhenBuilt || !yieldsToIntent(tick, heard.intent())
                      ? Behaviors.same()
                      : building(tick, true);
                }),
        Optional.of(tick.head()));
  }

  /** This signer's block on {@code round} went to gossip and the chain; the next head ends it. */
  private Behavior<Command> sealed(final BlockHeader round) {
    return orElse(
        Behaviors.receive(Command.class).onMessage(ImportDone.class, this::onImported),
        Optional.of(round));
  }

  /**
   * What every state does besides its own messages: a new head starts a new round; proposals and
   * intents are remembered; a failed step of this round retries it; stale messages of an earlier
   * round or state are dropped.
   */
  private Behavior<Command> orElse(
      final BehaviorBuilder<Command> state, final Optional<BlockHeader> round) {
    return state
        .onMessage(HeadChanged.class, changed -> onHead(round, changed))
        .onMessage(
            ProposalsChanged.class,
            changed -> {
              proposals = changed.proposals();
              return Behaviors.same();
            })
        .onMessage(
            IntentHeard.class,
            heard -> {
              lastIntent = Optional.of(heard.intent());
              return Behaviors.same();
            })
        .onMessage(
            StepFailed.class,
            failed -> round.isPresent() && failed.head().hash().equals(round.get().hash()),
            this::onFailed)
        .onMessage(ImportDone.class, this::onImported)
        .onAnyMessage(stale -> Behaviors.same())
        .build();
  }

  private static boolean isFor(final BlockHeader head, final SealTick tick) {
    return head.hash().equals(tick.head().hash());
  }

  private Behavior<Command> onFailed(final StepFailed failed) {
    context
        .getLog()
        .warn(
            "sealing round on {} failed, retrying in {}: {}",
            failed.head().number(),
            FAILED_ROUND_RETRY,
            failed.reason());
    // The retry is a fresh round on the stored head, whichever it is by then.
    timers.startSingleTimer(ROUND, currentHead(resources), FAILED_ROUND_RETRY);
    return idle(Optional.empty());
  }

  /** The stored head, with its snapshot from the node's cache. */
  private static HeadChanged currentHead(final NodeResources resources) {
    final BlockHeader head = resources.headHeader();
    return new HeadChanged(head, resources.snapshotAt(head.hash()));
  }

  private Behavior<Command> onHead(final Optional<BlockHeader> round, final HeadChanged changed) {
    final BlockHeader head = changed.head();
    if ((round.isPresent() && round.get().hash().equals(head.hash()))
        || head.number() < resources.headHeader().number()) {
      return Behaviors.same();
    }
    timers.cancel(ROUND);
    final Snapshot snapshot = changed.snapshot();
    final Optional<String> refusal = SealingSchedule.refusal(snapshot, address);
    if (refusal.isPresent()) {
      context.getLog().debug("not sealing on {}: {}", head.number(), refusal.get());
      return idle(Optional.of(head));
    }
    final long nowMillis = System.currentTimeMillis();
    final long timestamp = SealingSchedule.timestamp(head, period, nowMillis / 1000);
    final long delayMillis =
        Math.max(0, timestamp * 1000 - nowMillis)
            + SealingSchedule.wiggleMillis(snapshot, address, random);
    final SealTick tick = new SealTick(head, snapshot, timestamp);
    timers.startSingleTimer(ROUND, tick, Duration.ofMillis(delayMillis));
    if (snapshot.inTurn(head.number() + 1, address) && SealingSchedule.sealsEmptyBlocks(period)) {
      // In turn, this signer almost surely seals the next block: the builder runs the pool's
      // transactions while the period passes, and the build at the tick has little left to run.
      builder.tell(new BlockBuilder.Prepare(head, address, timestamp));
    }
    // The in-turn signer may have imported the parent, and said so, before this node did.
    lastIntent.ifPresent(intent -> holdBackIf(tick, yieldsToIntent(tick, intent)));
    return waitingForSlot(tick);
  }

  private boolean yieldsToIntent(final SealTick tick, final SealingIntent intent) {
    return SealingSchedule.yieldsTo(tick.snapshot(), address, intent);
  }

  /** Pushes the seal timer of {@code tick} back when the in-turn signer was heard. */
  private void holdBackIf(final SealTick tick, final boolean yields) {
    if (yields) {
      context
          .getLog()
          .debug(
              "in-turn signer heard for {}: holding back ours for {}",
              tick.head().number() + 1,
              YIELD);
      timers.startSingleTimer(ROUND, tick, YIELD);
    }
  }

  private Behavior<Command> build(final SealTick tick) {
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
    return building(tick, false);
  }

  private Behavior<Command> onBuilt(final BuiltBlock built, final boolean yieldWhenBuilt) {
    final Block unsealed = built.built().block();
    final SealTick tick = built.tick();
    if (yieldWhenBuilt) {
      timers.startSingleTimer(ROUND, tick, YIELD);
      return waitingForSlot(tick);
    }
    if (!SealingSchedule.sealsEmptyBlocks(period) && unsealed.transactions().isEmpty()) {
      // Period 0: nothing to seal yet; look again shortly.
      final long timestamp =
          SealingSchedule.timestamp(tick.head(), period, System.currentTimeMillis() / 1000);
      final SealTick retry = new SealTick(tick.head(), tick.snapshot(), timestamp);
      timers.startSingleTimer(ROUND, retry, EMPTY_POOL_RETRY);
      return waitingForSlot(retry);
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
    return sealed(tick.head());
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
