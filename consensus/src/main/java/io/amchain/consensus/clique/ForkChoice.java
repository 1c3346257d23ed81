package io.amchain.consensus.clique;

import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.Comparator;

/**
 * Which of two chain heads is canonical: the highest total difficulty, then EIP-3436's
 * deterministic tie-breaks — the lower number, then the head whose signer was least recently in
 * turn (smallest {@code (number - signerIndex) mod N}), then the lower hash. Every node ranks heads
 * the same way, so signers converge instead of deadlocking on coin flips (go-ethereum #18402).
 */
public final class ForkChoice {
  private ForkChoice() {}

  /** A chain head as fork choice sees it; signer index and count come from the parent snapshot. */
  public record Head(
      Hash hash, long number, UInt256 totalDifficulty, int signerIndex, int signerCount) {

    long turnDistance() {
      return Math.floorMod(number - signerIndex, signerCount);
    }
  }

  /** Orders heads from best to worst. */
  public static final Comparator<Head> BEST_FIRST =
      Comparator.comparing(Head::totalDifficulty, Comparator.reverseOrder())
          .thenComparingLong(Head::number)
          .thenComparingLong(Head::turnDistance)
          .thenComparing(Head::hash);

  /** Whether {@code candidate} should replace {@code current} as the head. */
  public static boolean isBetter(final Head candidate, final Head current) {
    return BEST_FIRST.compare(candidate, current) < 0;
  }
}
