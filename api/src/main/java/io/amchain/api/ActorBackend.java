package io.amchain.api;

import io.amchain.actors.NodeResources;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.mempool.Mempool;
import io.amchain.actors.node.NodeGuardian;
import io.amchain.actors.platform.MinerSetFollower;
import io.amchain.actors.proposals.OwnProposals;
import io.amchain.actors.sync.Sync;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.trie.NodeStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The JSON-RPC server's view of a running node: reads go straight to the thread-safe stores, the
 * rest asks the node's actors with a timeout.
 */
public final class ActorBackend implements NodeBackend {
  private final ActorSystem<?> system;
  private final NodeResources resources;
  private final NodeGuardian.Actors actors;
  private final String nodeId;
  private final Duration timeout;
  private final UInt256 minTip;

  public ActorBackend(
      final ActorSystem<?> system,
      final NodeResources resources,
      final NodeGuardian.Actors actors,
      final String nodeId,
      final Duration timeout,
      final UInt256 minTip) {
    this.system = system;
    this.resources = resources;
    this.actors = actors;
    this.nodeId = nodeId;
    this.timeout = timeout;
    this.minTip = minTip;
  }

  @Override
  public Genesis genesis() {
    return resources.genesis();
  }

  @Override
  public ChainStore chainStore() {
    return resources.chainStore();
  }

  @Override
  public NodeStore stateNodes() {
    return resources.state();
  }

  @Override
  public Snapshot snapshotAt(final Hash blockHash) {
    return resources.snapshotAt(blockHash);
  }

  @Override
  public CompletionStage<Hash> submit(final Transaction transaction) {
    return AskPattern.<Mempool.Command, Mempool.SubmitResult>ask(
            actors.mempool(),
            replyTo -> new Mempool.Submit(transaction, replyTo),
            timeout,
            system.scheduler())
        .thenApply(
            result -> {
              if (result instanceof Mempool.Rejected rejected) {
                throw new TransactionRejectedException(rejected.reason(), rejected.detail());
              }
              return ((Mempool.Accepted) result).hash();
            });
  }

  private Mempool.Content content() {
    return await(
        AskPattern.ask(actors.mempool(), Mempool.GetContent::new, timeout, system.scheduler()));
  }

  @Override
  public Map<Address, SortedMap<Long, Transaction>> pending() {
    return content().pending();
  }

  @Override
  public Map<Address, SortedMap<Long, Transaction>> queued() {
    return content().queued();
  }

  @Override
  public UInt256 minTip() {
    return minTip;
  }

  @Override
  public long nextNonce(final Address sender) {
    return await(
            AskPattern.<Mempool.Command, Mempool.NextNonce>ask(
                actors.mempool(),
                replyTo -> new Mempool.GetNextNonce(sender, replyTo),
                timeout,
                system.scheduler()))
        .nonce();
  }

  @Override
  public CompletionStage<Void> propose(final Address signer, final boolean authorize) {
    return unlessRefused(replyTo -> new MinerSetFollower.CheckProposal(signer, authorize, replyTo))
        .thenCompose(
            agreed ->
                AskPattern.<OwnProposals.Command, OwnProposals.ProposalList>ask(
                    actors.proposals(),
                    replyTo -> new OwnProposals.Propose(signer, authorize, replyTo),
                    timeout,
                    system.scheduler()))
        .thenApply(list -> null);
  }

  @Override
  public CompletionStage<Void> discard(final Address signer) {
    return unlessRefused(replyTo -> new MinerSetFollower.CheckDiscard(signer, replyTo))
        .thenCompose(
            agreed ->
                AskPattern.<OwnProposals.Command, OwnProposals.ProposalList>ask(
                    actors.proposals(),
                    replyTo -> new OwnProposals.Discard(signer, replyTo),
                    timeout,
                    system.scheduler()))
        .thenApply(list -> null);
  }

  /**
   * Completes when the MINER-set follower lets a manual vote through, or fails with a {@link
   * ProposalRefusedException} when the vote contradicts the MemberRegistry it follows.
   */
  private CompletionStage<Void> unlessRefused(
      final Function<ActorRef<MinerSetFollower.Verdict>, MinerSetFollower.Command> check) {
    return AskPattern.ask(actors.minerSet(), check::apply, timeout, system.scheduler())
        .thenAccept(
            verdict ->
                verdict
                    .refusal()
                    .ifPresent(
                        reason -> {
                          throw new ProposalRefusedException(reason);
                        }));
  }

  @Override
  public Map<Address, Boolean> proposals() {
    return await(
            AskPattern.<OwnProposals.Command, OwnProposals.ProposalList>ask(
                actors.proposals(), OwnProposals.GetProposals::new, timeout, system.scheduler()))
        .proposals();
  }

  @Override
  public NodeInfo nodeInfo() {
    final Cluster cluster = Cluster.get(system);
    return new NodeInfo(nodeId, "amchain/" + nodeId, cluster.selfMember().address().toString());
  }

  @Override
  public List<PeerInfo> peers() {
    final Cluster cluster = Cluster.get(system);
    final List<PeerInfo> peers = new ArrayList<>();
    for (final Member member : cluster.state().getMembers()) {
      if (!member.equals(cluster.selfMember())) {
        final String address = member.address().toString();
        peers.add(new PeerInfo(address, "amchain", address, false));
      }
    }
    return peers;
  }

  @Override
  public Optional<SyncStatus> syncing() {
    final Sync.Progress progress =
        await(AskPattern.ask(actors.sync(), Sync.GetProgress::new, timeout, system.scheduler()));
    return progress.highestBlock() > progress.currentBlock()
        ? Optional.of(
            new SyncStatus(
                progress.startingBlock(), progress.currentBlock(), progress.highestBlock()))
        : Optional.empty();
  }

  @Override
  public AutoCloseable onNewHead(final Consumer<HeadChange> listener) {
    return listen(
        Chain.NewHead.class,
        newHead -> listener.accept(new HeadChange(newHead.removed(), newHead.added())));
  }

  @Override
  public AutoCloseable onPendingTransaction(final Consumer<Transaction> listener) {
    return listen(
        Mempool.NewPendingTransaction.class, accepted -> listener.accept(accepted.transaction()));
  }

  /** A small actor on the event stream that calls the listener; closing stops it. */
  private <T> AutoCloseable listen(final Class<T> type, final Consumer<T> listener) {
    final Object stop = new Object();
    final Behavior<Object> behavior =
        Behaviors.setup(
            context -> {
              final ActorRef<T> self = context.getSelf().narrow();
              context.getSystem().eventStream().tell(new EventStream.Subscribe<>(type, self));
              return Behaviors.receiveMessage(
                  event -> {
                    if (event == stop) {
                      return Behaviors.stopped();
                    }
                    listener.accept(type.cast(event));
                    return Behaviors.same();
                  });
            });
    final ActorRef<Object> ref =
        system.systemActorOf(behavior, "rpc-listener-" + UUID.randomUUID(), Props.empty());
    return () -> ref.tell(stop);
  }

  private <T> T await(final CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
  }
}
