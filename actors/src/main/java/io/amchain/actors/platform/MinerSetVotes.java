package io.amchain.actors.platform;

import io.amchain.ledger.types.Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Clique proposals a signer holds so that the signer set follows the MemberRegistry's {@code
 * minerSigners()}: add every listed address that is not a signer, drop every signer that is not
 * listed. Derived afresh from the head's snapshot and the registry's list at that same head, so a
 * reorganisation or a missed head never leaves a stale vote behind.
 *
 * <p>An empty list is never followed: a registry that lists no miner is misconfigured or broken,
 * and following it would vote every signer out and stop the chain for good.
 *
 * @param registry the MemberRegistry's address, for the messages of refusals
 * @param miners the sealing addresses {@code minerSigners()} returned
 */
public record MinerSetVotes(Address registry, Set<Address> miners) {

  public MinerSetVotes {
    miners = Set.copyOf(miners);
  }

  /**
   * The proposals to hold after {@code held}, on a head whose signers are {@code signers}: those of
   * {@code held} that agree with the registry (a proposal in effect is kept, as geth keeps passed
   * proposals, and is not cast because it no longer makes sense), plus one for every difference
   * between the two sets. Those that contradict the registry are dropped. A node that is not a
   * signer at the head, or an empty list, changes nothing.
   */
  public Map<Address, Boolean> proposals(
      final List<Address> signers, final Address self, final Map<Address, Boolean> held) {
    if (miners.isEmpty() || !signers.contains(self)) {
      return Map.copyOf(held);
    }
    final Map<Address, Boolean> proposals = new LinkedHashMap<>();
    held.forEach(
        (address, authorize) -> {
          if (agrees(address, authorize)) {
            proposals.put(address, authorize);
          }
        });
    miners.stream()
        .filter(miner -> !signers.contains(miner))
        .forEach(miner -> proposals.put(miner, true));
    signers.stream()
        .filter(signer -> !miners.contains(signer))
        .forEach(signer -> proposals.put(signer, false));
    return Map.copyOf(proposals);
  }

  /** Why {@code clique_propose(address, authorize)} contradicts the registry, if it does. */
  public Optional<String> refusalOfProposal(final Address address, final boolean authorize) {
    if (miners.isEmpty() || agrees(address, authorize)) {
      return Optional.empty();
    }
    return Optional.of(
        "the signer set follows the MemberRegistry at "
            + registry.toChecksumHex()
            + ": "
            + address.toChecksumHex()
            + (authorize
                ? " is not among its minerSigners(); admit it as a MINER by vote instead"
                : " is among its minerSigners(); remove it as a MINER by vote instead"));
  }

  /**
   * Why {@code clique_discard(address)} contradicts the registry on a head with these signers, if
   * it does: the registry wants a vote on that address, and would only propose it again.
   */
  public Optional<String> refusalOfDiscard(final Address address, final List<Address> signers) {
    if (miners.isEmpty() || miners.contains(address) == signers.contains(address)) {
      return Optional.empty();
    }
    return Optional.of(
        "the signer set follows the MemberRegistry at "
            + registry.toChecksumHex()
            + ": it wants "
            + address.toChecksumHex()
            + (miners.contains(address) ? " added" : " dropped")
            + ", so this node keeps voting on it");
  }

  private boolean agrees(final Address address, final boolean authorize) {
    return miners.contains(address) == authorize;
  }
}
