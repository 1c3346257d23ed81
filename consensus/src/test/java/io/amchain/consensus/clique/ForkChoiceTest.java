package io.amchain.consensus.clique;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.consensus.clique.ForkChoice.Head;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each EIP-3436 tie-break on its own, with every earlier criterion equal. */
class ForkChoiceTest {
  private static final Hash LOW = Hash.fromHex("0x01" + "00".repeat(31));
  private static final Hash HIGH = Hash.fromHex("0xff" + "00".repeat(31));

  @Test
  void higherTotalDifficultyWins() {
    final Head heavy = new Head(HIGH, 10, UInt256.of(20), 0, 3);
    final Head light = new Head(LOW, 9, UInt256.of(19), 0, 3);
    assertTrue(ForkChoice.isBetter(heavy, light));
    assertFalse(ForkChoice.isBetter(light, heavy));
  }

  @Test
  void equalDifficultyPrefersTheLowerNumber() {
    final Head shorter = new Head(HIGH, 9, UInt256.of(18), 0, 3);
    final Head longer = new Head(LOW, 10, UInt256.of(18), 0, 3);
    assertTrue(ForkChoice.isBetter(shorter, longer));
  }

  @Test
  void thenTheSignerLeastRecentlyInTurn() {
    // Block 10 of 3 signers: signer 1 has (10-1) mod 3 = 0, signer 2 has (10-2) mod 3 = 2.
    final Head signerOne = new Head(HIGH, 10, UInt256.of(15), 1, 3);
    final Head signerTwo = new Head(LOW, 10, UInt256.of(15), 2, 3);
    assertTrue(ForkChoice.isBetter(signerOne, signerTwo));
  }

  @Test
  void thenTheLowerHash() {
    final Head low = new Head(LOW, 10, UInt256.of(15), 1, 3);
    final Head high = new Head(HIGH, 10, UInt256.of(15), 1, 3);
    assertTrue(ForkChoice.isBetter(low, high));
  }

  @Test
  void theOrderIsTotalAndTheSameForEveryone() {
    final List<Head> heads = new ArrayList<>();
    heads.add(new Head(HIGH, 10, UInt256.of(15), 2, 3));
    heads.add(new Head(LOW, 10, UInt256.of(15), 1, 3));
    heads.add(new Head(LOW, 9, UInt256.of(15), 0, 3));
    final List<Head> reversed = new ArrayList<>(heads);
    java.util.Collections.reverse(reversed);
    heads.sort(ForkChoice.BEST_FIRST);
    reversed.sort(ForkChoice.BEST_FIRST);
    assertEquals(heads, reversed);
    assertEquals(9, heads.get(0).number());
  }
}
