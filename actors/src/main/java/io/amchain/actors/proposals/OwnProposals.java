package io.amchain.actors.proposals;

import io.amchain.consensus.clique.Proposals;
import io.amchain.ledger.types.Address;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * This node's own Clique proposals: the addresses it wants added or dropped, set by {@code
 * clique_propose}/{@code clique_discard} and by the MINER-set follower. It tallies nothing (every
 * node tallies the votes in the blocks it imports, in {@code Snapshot.apply}) and holds no snapshot
 * (the node's one snapshot cache is in {@code NodeResources}). The signer follows the proposals
 * through {@link Follow} and picks the vote of each block it seals from its copy, so a sealing
 * round never waits for this actor.
 *
 * <p>The proposals live in memory only, as in geth: a restarted node has none until they are
 * proposed again (the MINER-set follower does so at its first head).
 */
public final class OwnProposals {

  /** What this actor is asked. */
  public sealed interface Command {}

  /** Vote to add ({@code authorize}) or drop a signer, in blocks this node seals. */
  public record Propose(Address address, boolean authorize, ActorRef<ProposalList> replyTo)
      implements Command {}

  /** Stop voting on an address. */
  public record Discard(Address address, ActorRef<ProposalList> replyTo) implements Command {}

  /** This node's proposals. */
  public record GetProposals(ActorRef<ProposalList> replyTo) implements Command {}

  /** Send the proposals to {@code follower} now and after every change, until it stops. */
  public record Follow(ActorRef<ProposalList> follower) implements Command {}

  /** The current proposals, as {@code clique_proposals} shows them. */
  public record ProposalList(Map<Address, Boolean> proposals) {
    public ProposalList {
      proposals = Map.copyOf(proposals);
    }
  }

  public static Behavior<Command> create() {
    return Behaviors.setup(
        context -> {
          final Proposals proposals = new Proposals();
          // A set: a restarted follower keeps its reference and follows again.
          final Set<ActorRef<ProposalList>> followers = new LinkedHashSet<>();
          return Behaviors.receive(Command.class)
              .onMessage(
                  Propose.class,
                  m -> {
                    proposals.propose(m.address(), m.authorize());
                    return changed(proposals, followers, m.replyTo());
                  })
              .onMessage(
                  Discard.class,
                  m -> {
                    proposals.discard(m.address());
                    return changed(proposals, followers, m.replyTo());
                  })
              .onMessage(
                  GetProposals.class,
                  m -> {
                    m.replyTo().tell(new ProposalList(proposals.all()));
                    return Behaviors.same();
                  })
              .onMessage(
                  Follow.class,
                  m -> {
                    if (followers.add(m.follower())) {
                      context.watch(m.follower());
                    }
                    m.follower().tell(new ProposalList(proposals.all()));
                    return Behaviors.same();
                  })
              .onSignal(
                  Terminated.class,
                  terminated -> {
                    followers.removeIf(f -> f.path().equals(terminated.getRef().path()));
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static Behavior<Command> changed(
      final Proposals proposals,
      final Set<ActorRef<ProposalList>> followers,
      final ActorRef<ProposalList> replyTo) {
    final ProposalList list = new ProposalList(proposals.all());
    replyTo.tell(list);
    followers.forEach(follower -> follower.tell(list));
    return Behaviors.same();
  }
}
