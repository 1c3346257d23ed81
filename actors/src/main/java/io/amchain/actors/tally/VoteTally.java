package io.amchain.actors.tally;

import io.amchain.actors.NodeResources;
import io.amchain.consensus.clique.Proposals;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.consensus.clique.Snapshots;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Clique's vote tally: the signer snapshot after any stored block (cached, rebuilt from the nearest
 * checkpoint), and this node's own proposals from {@code clique_propose}, one of which goes into
 * each block this node seals while it still makes sense.
 */
public final class VoteTally {

  /** What the tally answers. */
  public sealed interface Command {}

  /** The snapshot after a stored block. */
  public record SnapshotAt(Hash blockHash, ActorRef<SnapshotReply> replyTo) implements Command {}

  /** A snapshot, or why there is none (the block is not stored). */
  public record SnapshotReply(Optional<Snapshot> snapshot, String error) {}

  /** Vote to add ({@code authorize}) or drop a signer, in blocks this node seals. */
  public record Propose(Address address, boolean authorize, ActorRef<ProposalList> replyTo)
      implements Command {}

  /** Stop voting on an address. */
  public record Discard(Address address, ActorRef<ProposalList> replyTo) implements Command {}

  /** This node's proposals. */
  public record GetProposals(ActorRef<ProposalList> replyTo) implements Command {}

  /** The current proposals, as {@code clique_proposals} shows them. */
  public record ProposalList(Map<Address, Boolean> proposals) {
    public ProposalList {
      proposals = Map.copyOf(proposals);
    }
  }

  /** The vote to cast in the block after {@code parent}. */
  public record NextVote(Snapshot parent, ActorRef<Vote> replyTo) implements Command {}

  /** A vote for the coinbase and nonce fields, or none. */
  public record Vote(Optional<Map.Entry<Address, Boolean>> vote) {}

  public static Behavior<Command> create(final NodeResources resources) {
    return Behaviors.setup(
        context -> {
          final Snapshots snapshots =
              new Snapshots(resources.rules().epoch(), resources.chain()::header);
          final Proposals proposals = new Proposals();
          final Random random = new Random();
          return behavior(snapshots, proposals, random);
        });
  }

  private static Behavior<Command> behavior(
      final Snapshots snapshots, final Proposals proposals, final Random random) {
    final Behavior<Command> receive =
        Behaviors.receive(Command.class)
            .onMessage(
                SnapshotAt.class,
                m -> {
                  try {
                    m.replyTo()
                        .tell(new SnapshotReply(Optional.of(snapshots.at(m.blockHash())), ""));
                  } catch (RuntimeException e) {
                    m.replyTo()
                        .tell(new SnapshotReply(Optional.empty(), String.valueOf(e.getMessage())));
                  }
                  return Behaviors.same();
                })
            .onMessage(
                Propose.class,
                m -> {
                  proposals.propose(m.address(), m.authorize());
                  m.replyTo().tell(new ProposalList(proposals.all()));
                  return Behaviors.same();
                })
            .onMessage(
                Discard.class,
                m -> {
                  proposals.discard(m.address());
                  m.replyTo().tell(new ProposalList(proposals.all()));
                  return Behaviors.same();
                })
            .onMessage(
                GetProposals.class,
                m -> {
                  m.replyTo().tell(new ProposalList(proposals.all()));
                  return Behaviors.same();
                })
            .onMessage(
                NextVote.class,
                m -> {
                  m.replyTo().tell(new Vote(proposals.nextVote(m.parent(), random)));
                  return Behaviors.same();
                })
            .build();
    return receive;
  }
}
