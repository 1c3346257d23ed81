package io.amchain.consensus.clique;

import io.amchain.ledger.types.Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A node's own proposals ({@code clique_propose}): addresses it wants added (true) or dropped. They
 * are kept after they pass, because the block that passed them may still be reorged away; only
 * votes that still make sense are cast.
 */
public final class Proposals {
  private final Map<Address, Boolean> proposals = new LinkedHashMap<>();

  public synchronized void propose(final Address address, final boolean authorize) {
    proposals.put(address, authorize);
  }

  public synchronized void discard(final Address address) {
    proposals.remove(address);
  }

  public synchronized Map<Address, Boolean> all() {
    return Map.copyOf(proposals);
  }

  /**
   * The vote to put in the next block on top of {@code parent}: one of the proposals that still
   * makes sense, chosen at random as geth does; none on a checkpoint.
   */
  public synchronized Optional<Proposal> nextVote(
      final Snapshot parent, final RandomGenerator random) {
    return nextVote(proposals, parent, random);
  }

  /**
   * The vote to put in the next block on top of {@code parent}, from {@code proposals} (address to
   * authorize, as {@link #all} lists them): the rule of {@link #nextVote(Snapshot,
   * RandomGenerator)} for a caller that holds a copy of the proposals.
   */
  public static Optional<Proposal> nextVote(
      final Map<Address, Boolean> proposals, final Snapshot parent, final RandomGenerator random) {
    if (Clique.isCheckpoint(parent.number() + 1, parent.epoch())) {
      return Optional.empty();
    }
    final List<Proposal> sensible = new ArrayList<>();
    for (final Map.Entry<Address, Boolean> proposal : proposals.entrySet()) {
      if (parent.validVote(proposal.getKey(), proposal.getValue())) {
        sensible.add(new Proposal(proposal.getKey(), proposal.getValue()));
      }
    }
    return sensible.isEmpty()
        ? Optional.empty()
        : Optional.of(sensible.get(random.nextInt(sensible.size())));
  }
}
