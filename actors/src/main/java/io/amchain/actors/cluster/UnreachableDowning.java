package io.amchain.actors.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.DowningProvider;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

/**
 * The cluster's downing rule: a member that stays unreachable for {@code
 * amchain.cluster.down-unreachable-after} is downed by every member that still sees the others; a
 * member never downs itself.
 *
 * <p>Why not Pekko's Split Brain Resolver: its strategies exist to keep one side of a split alive
 * for state that must have a single writer (sharding, singletons). AMChain has none: the cluster
 * only carries gossip and sync, and Clique decides the chain, so a node cut off from its peers
 * still holds a valid chain and must keep serving it. keep-majority and keep-oldest stop the last
 * signer standing (the chain would then not resume when a second signer returns without a manual
 * restart), and static-quorum of one downs every node once the cluster is larger than one. With
 * this rule each side of a real partition downs the other; when the partition heals, a node that
 * learns it was downed restarts its actor system and joins again (the node command does that), and
 * sync reconciles the chains by Clique's fork choice.
 */
public final class UnreachableDowning extends DowningProvider {
  private final Duration after;

  public UnreachableDowning(final ActorSystem system) {
    this.after = system.settings().config().getDuration("amchain.cluster.down-unreachable-after");
  }

  @Override
  public FiniteDuration downRemovalMargin() {
    return FiniteDuration.Zero();
  }

  @Override
  public Option<Props> downingActorProps() {
    return Option.apply(Props.create(Downer.class, () -> new Downer(after)));
  }

  /** Downs each member that stays unreachable for the configured time. */
  static final class Downer extends AbstractActor {
    private final Duration after;
    private final Cluster cluster = Cluster.get(getContext().getSystem());
    private final Map<Address, Cancellable> pending = new HashMap<>();

    Downer(final Duration after) {
      this.after = after;
    }

    /** Fires when a member has been unreachable long enough. */
    private record Expired(Address address) {}

    @Override
    public void preStart() {
      cluster.subscribe(
          getSelf(),
          ClusterEvent.initialStateAsEvents(),
          ClusterEvent.UnreachableMember.class,
          ClusterEvent.ReachableMember.class,
          ClusterEvent.MemberRemoved.class);
    }

    @Override
    public void postStop() {
      cluster.unsubscribe(getSelf());
      pending.values().forEach(Cancellable::cancel);
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(
              ClusterEvent.UnreachableMember.class,
              event -> {
                final Address address = event.member().address();
                if (!address.equals(cluster.selfAddress()) && !pending.containsKey(address)) {
                  pending.put(
                      address,
                      getContext()
                          .getSystem()
                          .scheduler()
                          .scheduleOnce(
                              after,
                              getSelf(),
                              new Expired(address),
                              getContext().getDispatcher(),
                              getSelf()));
                }
              })
          .match(ClusterEvent.ReachableMember.class, event -> cancel(event.member().address()))
          .match(ClusterEvent.MemberRemoved.class, event -> cancel(event.member().address()))
          .match(
              Expired.class,
              expired -> {
                pending.remove(expired.address());
                getContext()
                    .getSystem()
                    .log()
                    .warning("downing {}: unreachable for {}", expired.address(), after);
                cluster.down(expired.address());
              })
          .build();
    }

    private void cancel(final Address address) {
      final Cancellable timer = pending.remove(address);
      if (timer != null) {
        timer.cancel();
      }
    }
  }
}
