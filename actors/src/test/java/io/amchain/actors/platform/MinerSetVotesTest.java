package io.amchain.actors.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.types.Address;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The proposals a signer holds to follow the registry's list, and the manual votes it refuses. */
class MinerSetVotesTest {
  private static final Address REGISTRY = address(0xfe);
  private static final Address A = address(1);
  private static final Address B = address(2);
  private static final Address C = address(3);
  private static final Address D = address(4);
  private static final List<Address> SIGNERS = List.of(A, B, C);

  private static Address address(final int last) {
    return Address.fromHex(String.format("0x%040x", last));
  }

  private static MinerSetVotes listing(final Address... miners) {
    return new MinerSetVotes(REGISTRY, Set.of(miners));
  }

  @Test
  void aListedMinerThatIsNoSignerIsProposedForAdding() {
    assertEquals(Map.of(D, true), listing(A, B, C, D).proposals(SIGNERS, A, Map.of()));
  }

  @Test
  void aSignerTheListLacksIsProposedForDropping() {
    assertEquals(Map.of(C, false), listing(A, B).proposals(SIGNERS, A, Map.of()));
  }

  @Test
  void aSignerMayVoteItselfOut() {
    assertEquals(Map.of(A, false), listing(B, C).proposals(SIGNERS, A, Map.of()));
  }

  @Test
  void nothingIsProposedWhileTheSetsAgree() {
    assertEquals(Map.of(), listing(C, B, A).proposals(SIGNERS, A, Map.of()));
  }

  @Test
  void aProposalAlreadyInEffectIsKeptButAddsNothing() {
    // D passed: it is a signer now, and the proposal stays (geth keeps passed proposals; it is
    // not cast because Snapshot.validVote rejects it).
    final List<Address> signers = List.of(A, B, C, D);
    assertEquals(Map.of(D, true), listing(A, B, C, D).proposals(signers, A, Map.of(D, true)));
  }

  @Test
  void proposalsTheRegistryContradictsAreDroppedAndAgreeingOnesKept() {
    final Map<Address, Boolean> held = Map.of(D, true, address(9), false, C, false);
    // The registry no longer lists D (its admission was undone) and still lists C.
    assertEquals(Map.of(address(9), false), listing(A, B, C).proposals(SIGNERS, A, held));
  }

  @Test
  void aRemovalReplacesTheEarlierAddition() {
    final List<Address> signers = List.of(A, B, C, D);
    assertEquals(Map.of(D, false), listing(A, B, C).proposals(signers, A, Map.of(D, true)));
  }

  @Test
  void anEmptyListChangesNothing() {
    final Map<Address, Boolean> held = Map.of(D, true);
    assertEquals(held, listing().proposals(SIGNERS, A, held));
    assertEquals(Map.of(), listing().proposals(SIGNERS, A, Map.of()));
    assertTrue(listing().refusalOfProposal(D, true).isEmpty());
    assertTrue(listing().refusalOfDiscard(A, SIGNERS).isEmpty());
  }

  @Test
  void aNodeThatIsNoSignerChangesNothing() {
    assertEquals(Map.of(), listing(A, B, D).proposals(SIGNERS, D, Map.of()));
    final Map<Address, Boolean> held = Map.of(A, false);
    assertEquals(held, listing(A, B, D).proposals(SIGNERS, D, held));
  }

  @Test
  void manualProposalsThatContradictTheListAreRefusedNamingTheRegistry() {
    final MinerSetVotes votes = listing(A, B, C);
    final String addition = votes.refusalOfProposal(D, true).orElseThrow();
    assertTrue(addition.contains(REGISTRY.toChecksumHex()), addition);
    assertTrue(addition.contains("is not among its minerSigners()"), addition);
    final String removal = votes.refusalOfProposal(C, false).orElseThrow();
    assertTrue(removal.contains("is among its minerSigners()"), removal);
  }

  @Test
  void manualProposalsThatAgreeWithTheListAreAccepted() {
    final MinerSetVotes votes = listing(A, B, C);
    assertTrue(votes.refusalOfProposal(A, true).isEmpty());
    assertTrue(votes.refusalOfProposal(D, false).isEmpty());
  }

  @Test
  void discardingAVoteTheRegistryWantsIsRefused() {
    final MinerSetVotes votes = listing(A, B, D);
    assertTrue(votes.refusalOfDiscard(D, SIGNERS).orElseThrow().contains("wants"));
    assertTrue(votes.refusalOfDiscard(C, SIGNERS).orElseThrow().contains("dropped"));
    assertTrue(votes.refusalOfDiscard(A, SIGNERS).isEmpty());
    assertTrue(votes.refusalOfDiscard(address(9), SIGNERS).isEmpty());
  }
}
