package io.amchain.actors.node;

import io.amchain.actors.NodeResources;
import io.amchain.actors.builder.BlockBuilder;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.mempool.Mempool;
import io.amchain.actors.platform.MinerSetFollower;
import io.amchain.actors.proposals.OwnProposals;
import io.amchain.actors.signer.Signer;
import io.amchain.actors.sync.Sync;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.pool.TxPool;
import java.util.Optional;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The root of a node: spawns its actors from the settings and hands out their references. Chain
 * import, block building and the mempool touch RocksDB and run the EVM, so they run on the blocking
 * dispatcher, never on the default one.
 */
public final class NodeGuardian {

  /** What the guardian answers. */
  public sealed interface Command {}

  /** The references other layers (the JSON-RPC API) talk to. */
  public record GetActors(ActorRef<Actors> replyTo) implements Command {}

  /** The node's actors. */
  public record Actors(
      ActorRef<Chain.Command> chain,
      ActorRef<Mempool.Command> mempool,
      ActorRef<OwnProposals.Command> proposals,
      ActorRef<Sync.Command> sync,
      ActorRef<Gossip.Command> gossip,
      ActorRef<MinerSetFollower.Command> minerSet) {}

  /**
   * A node's settings, read from configuration by the CLI. {@code platform} names the
   * MemberRegistry whose MINER set the node's Clique votes follow, if any.
   */
  public record Settings(
      String nodeId,
      Optional<PrivateKey> signerKey,
      int snapshotEvery,
      TxPool.Limits poolLimits,
      Sync.Settings sync,
      MinerSetFollower.Settings platform) {

    /** A node without the platform: Clique voting stays manual. */
    public Settings(
        final String nodeId,
        final Optional<PrivateKey> signerKey,
        final int snapshotEvery,
        final TxPool.Limits poolLimits,
        final Sync.Settings sync) {
      this(nodeId, signerKey, snapshotEvery, poolLimits, sync, MinerSetFollower.Settings.NONE);
    }
  }

  private static final String BLOCKING = "amchain.blocking-dispatcher";

  /**
   * Why a node shuts down when its Chain actor has stopped (a journal that failed, or a store its
   * journal cannot back): a node without its chain would go on answering from a stale store, and
   * the process's exit (code 1) lets its supervisor (Kubernetes, an operator) see it and restart.
   */
  public static final CoordinatedShutdown.Reason CHAIN_STOPPED =
      new CoordinatedShutdown.Reason() {
        @Override
        public String toString() {
          return "the chain stopped";
        }
      };

  public static Behavior<Command> create(final NodeResources resources, final Settings settings) {
    return Behaviors.setup(
        context -> {
          final DispatcherSelector blocking = DispatcherSelector.fromConfig(BLOCKING);
          final ActorRef<Chain.Command> chain =
              context.spawn(
                  Chain.create(settings.nodeId(), resources, settings.snapshotEvery()),
                  "chain",
                  blocking);
          context.watch(chain);
          final ActorRef<OwnProposals.Command> proposals =
              context.spawn(OwnProposals.create(), "own-proposals");
          final ActorRef<Sync.Command> sync =
              context.spawn(
                  Behaviors.supervise(Sync.create(resources, chain, settings.sync()))
                      .onFailure(SupervisorStrategy.restart()),
                  "sync");
          final ActorRef<Mempool.Command> mempool =
              context.spawn(Mempool.create(resources, settings.poolLimits()), "mempool", blocking);
          final ActorRef<Gossip.Command> gossip =
              context.spawn(Gossip.create(chain, mempool, sync, blocking), "gossip");
          final ActorRef<BlockBuilder.Command> builder =
              context.spawn(BlockBuilder.create(resources, mempool), "block-builder", blocking);
          settings
              .signerKey()
              .ifPresent(
                  key ->
                      context.spawn(
                          Behaviors.supervise(
                                  Signer.create(resources, key, proposals, builder, chain, gossip))
                              .onFailure(SupervisorStrategy.restart()),
                          "signer"));
          // Reads the registry with the EVM on every head: blocking work.
          final ActorRef<MinerSetFollower.Command> minerSet =
              context.spawn(
                  Behaviors.supervise(
                          MinerSetFollower.create(
                              resources,
                              settings.platform(),
                              settings.signerKey().map(key -> key.publicKey().address()),
                              proposals))
                      .onFailure(SupervisorStrategy.restart()),
                  "miner-set-follower",
                  blocking);
          final Actors actors = new Actors(chain, mempool, proposals, sync, gossip, minerSet);
          return Behaviors.receive(Command.class)
              .onMessage(
                  GetActors.class,
                  m -> {
                    m.replyTo().tell(actors);
                    return Behaviors.same();
                  })
              .onSignal(
                  Terminated.class,
                  stopped -> {
                    context.getLog().error("the chain actor stopped (see above): shutting down");
                    CoordinatedShutdown.get(context.getSystem()).run(CHAIN_STOPPED);
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
