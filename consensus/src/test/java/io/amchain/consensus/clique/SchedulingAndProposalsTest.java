package io.amchain.consensus.clique;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SchedulingAndProposalsTest {
  private final Signers pool = new Signers();
  private final List<Address> signers =
      List.of(pool.address("A"), pool.address("B"), pool.address("C")).stream().sorted().toList();
  private final BlockHeader genesis = SealingFixture.genesis(signers).timestamp(100).build();
  private final Snapshot snapshot = Snapshot.fromCheckpoint(30_000, genesis);

  @Test
  void inTurnSignerSealsWithDifficultyTwoAndNoWiggle() {
    final Address inTurn = signers.get(1); // block 1 of 3 signers
    assertTrue(snapshot.inTurn(1, inTurn));
    assertEquals(Clique.DIFF_IN_TURN, SealingSchedule.difficulty(snapshot, inTurn));
    assertEquals(0, SealingSchedule.wiggleMillis(snapshot, inTurn, new Random(1)));
    assertEquals(Clique.DIFF_NO_TURN, SealingSchedule.difficulty(snapshot, signers.get(0)));
  }

  @Test
  void outOfTurnWiggleStaysBelowLimitTimesHalfASecond() {
    final Random random = new Random(3);
    for (int i = 0; i < 1_000; i++) {
      final long wiggle = SealingSchedule.wiggleMillis(snapshot, signers.get(0), random);
      assertTrue(wiggle >= 0 && wiggle < 2 * Clique.WIGGLE_MILLIS, "wiggle " + wiggle);
    }
  }

  @Test
  void timestampIsParentPlusPeriodOrNow() {
    assertEquals(105, SealingSchedule.timestamp(genesis, 5, 50));
    assertEquals(200, SealingSchedule.timestamp(genesis, 5, 200));
    assertFalse(SealingSchedule.sealsEmptyBlocks(0));
    assertTrue(SealingSchedule.sealsEmptyBlocks(1));
  }

  private BlockHeader childOf(
      final BlockHeader parent, final UInt256 difficulty, final Address by) {
    return Clique.seal(SealingFixture.child(parent, difficulty).build(), keyOf(by));
  }

  @Test
  void anOutOfTurnSignerYieldsOnlyToTheInTurnBlockOnTheSameParent() {
    final Address inTurn = signers.get(1);
    final Address outOfTurn = signers.get(0);
    final BlockHeader inTurnBlock = childOf(genesis, Clique.DIFF_IN_TURN, inTurn);
    assertTrue(SealingSchedule.yieldsTo(snapshot, outOfTurn, inTurnBlock));
    assertFalse(SealingSchedule.yieldsTo(snapshot, inTurn, inTurnBlock), "in turn never yields");
    assertFalse(
        SealingSchedule.yieldsTo(
            snapshot, outOfTurn, childOf(genesis, Clique.DIFF_NO_TURN, signers.get(2))),
        "another out-of-turn block is a race, not the in-turn block");
    assertFalse(
        SealingSchedule.yieldsTo(
            snapshot, outOfTurn, childOf(genesis, Clique.DIFF_IN_TURN, signers.get(2))),
        "in-turn difficulty claimed by the wrong signer");
    assertFalse(
        SealingSchedule.yieldsTo(
            snapshot, outOfTurn, childOf(inTurnBlock, Clique.DIFF_IN_TURN, signers.get(2))),
        "a block at another height");
    final BlockHeader unsealed =
        inTurnBlock.toBuilder().extraData(SealingFixture.extraData(List.of())).build();
    assertFalse(SealingSchedule.yieldsTo(snapshot, outOfTurn, unsealed), "no seal");
  }

  @Test
  void anOutOfTurnSignerYieldsOnlyToTheInTurnSignersIntentOnTheSameParent() {
    final Address inTurn = signers.get(1);
    final Address outOfTurn = signers.get(0);
    final SealingIntent intent = SealingIntent.sign(genesis.hash(), 1, keyOf(inTurn));
    assertEquals(inTurn, intent.signer().orElseThrow());
    assertEquals(intent, SealingIntent.decode(intent.encoded()));
    assertTrue(SealingSchedule.yieldsTo(snapshot, outOfTurn, intent));
    assertFalse(SealingSchedule.yieldsTo(snapshot, inTurn, intent), "in turn never yields");
    assertFalse(
        SealingSchedule.yieldsTo(
            snapshot, outOfTurn, SealingIntent.sign(genesis.hash(), 1, keyOf(signers.get(2)))),
        "an intent signed by a signer that is not in turn");
    assertFalse(
        SealingSchedule.yieldsTo(
            snapshot, outOfTurn, SealingIntent.sign(genesis.hash(), 2, keyOf(inTurn))),
        "another height");
    assertFalse(
        SealingSchedule.yieldsTo(
            snapshot, outOfTurn, SealingIntent.sign(genesis.parentHash(), 1, keyOf(inTurn))),
        "another parent");
    final SealingIntent forged =
        new SealingIntent(
            genesis.hash(), 1, SealingIntent.sign(genesis.hash(), 2, keyOf(inTurn)).signature());
    assertFalse(SealingSchedule.yieldsTo(snapshot, outOfTurn, forged), "signature of other words");
    assertThrows(
        IllegalArgumentException.class,
        () -> SealingIntent.decode(intent.encoded().slice(1)),
        "truncated");
  }

  @Test
  void refusesStrangersAndRecentSigners() {
    assertTrue(SealingSchedule.refusal(snapshot, pool.address("D")).isPresent());
    assertTrue(SealingSchedule.refusal(snapshot, signers.get(0)).isEmpty());
    final BlockHeader one =
        Clique.seal(
            SealingFixture.child(genesis, Clique.DIFF_IN_TURN).build(), keyOf(signers.get(1)));
    final Snapshot after = snapshot.apply(List.of(one));
    assertEquals(
        "signed recently, must wait for others",
        SealingSchedule.refusal(after, signers.get(1)).orElseThrow());
  }

  @Test
  void proposalsCastOnlySensibleVotesAndNoneOnCheckpoints() {
    final Proposals proposals = new Proposals();
    proposals.propose(signers.get(0), true); // already a signer: adding it makes no sense
    assertTrue(proposals.nextVote(snapshot, new Random(1)).isEmpty());
    proposals.propose(pool.address("D"), true);
    assertEquals(
        new Proposal(pool.address("D"), true),
        proposals.nextVote(snapshot, new Random(1)).orElseThrow());
    final Snapshot beforeCheckpoint = Snapshot.fromCheckpoint(1, genesis);
    assertTrue(proposals.nextVote(beforeCheckpoint, new Random(1)).isEmpty());
    proposals.discard(pool.address("D"));
    assertEquals(Map.of(signers.get(0), true), proposals.all());
  }

  @Test
  void anEmptySignerSetHasNoTurns() {
    final BlockHeader lone =
        BlockHeader.builder()
            .extraData(SealingFixture.extraData(List.of(pool.address("A"))))
            .build();
    final Snapshot single = Snapshot.fromCheckpoint(30_000, lone);
    final BlockHeader leave =
        Clique.seal(
            SealingFixture.vote(
                    SealingFixture.child(lone, Clique.DIFF_IN_TURN), pool.address("A"), false)
                .build(),
            pool.key("A"));
    final Snapshot empty = single.apply(List.of(leave));
    assertTrue(empty.signers().isEmpty());
    assertEquals(
        CliqueError.NO_SIGNERS,
        assertThrows(CliqueException.class, () -> empty.inTurn(2, pool.address("A"))).error());
  }

  @Test
  void snapshotJsonHasGethsShape() {
    final String json = snapshot.toJson();
    assertTrue(json.startsWith("{\"number\":0,\"hash\":\"" + genesis.hash().toHex() + "\""), json);
    assertTrue(json.contains("\"signers\":{\"" + signers.get(0).toHex() + "\":{}"), json);
    assertTrue(json.endsWith("\"recents\":{},\"votes\":[],\"tally\":{}}"), json);
  }

  private io.amchain.ledger.crypto.PrivateKey keyOf(final Address address) {
    for (final String name : List.of("A", "B", "C")) {
      if (pool.address(name).equals(address)) {
        return pool.key(name);
      }
    }
    throw new IllegalArgumentException();
  }
}
