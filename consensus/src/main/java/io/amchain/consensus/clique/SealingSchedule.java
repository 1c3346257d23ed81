package io.amchain.consensus.clique;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a signer may seal the next block, and when it publishes it. Timing is policy, not consensus:
 * the header only has to respect the period; the wiggle keeps out-of-turn signers from racing the
 * in-turn one.
 */
public final class SealingSchedule {
  private SealingSchedule() {}

  /** Why a signer may not seal on a parent, or empty if it may. */
  public static Optional<String> refusal(final Snapshot parent, final Address signer) {
    final long number = parent.number() + 1;
    if (!parent.isSigner(signer)) {
      return Optional.of(CliqueError.UNAUTHORIZED_SIGNER.message());
    }
    if (parent.signedRecently(signer, number)) {
      return Optional.of("signed recently, must wait for others");
    }
    return Optional.empty();
  }

  public static UInt256 difficulty(final Snapshot parent, final Address signer) {
    return parent.inTurn(parent.number() + 1, signer) ? Clique.DIFF_IN_TURN : Clique.DIFF_NO_TURN;
  }

  /** The child's timestamp (seconds): {@code max(parent.time + period, now)}. */
  public static long timestamp(final BlockHeader parent, final long period, final long nowSeconds) {
    return Math.max(parent.timestamp() + period, nowSeconds);
  }

  /**
   * The extra delay before an out-of-turn block is published: uniform in [0, (N/2+1) × 500 ms),
   * geth's choice (EIP-225 suggests N × 500 ms; the narrower range keeps the delay well inside
   * short periods). In-turn blocks go out at once.
   */
  public static long wiggleMillis(
      final Snapshot parent, final Address signer, final RandomGenerator random) {
    if (parent.inTurn(parent.number() + 1, signer)) {
      return 0;
    }
    return random.nextLong(parent.signerLimit() * Clique.WIGGLE_MILLIS);
  }

  /**
   * Whether {@code signer}, waiting out its wiggle to seal out of turn on {@code parent}, should
   * hold its block back because the in-turn signer's block for that height has been heard: it is a
   * child of the same parent, carries the in-turn difficulty, and its seal is the in-turn signer's.
   * The wiggle exists to let that block win; under load its import can outlast the wiggle, and a
   * competing block then costs every node a second execution of a full block and a reorg. A heard
   * block that never imports only delays the out-of-turn block, it does not cancel it.
   */
  public static boolean yieldsTo(
      final Snapshot parent, final Address signer, final BlockHeader announced) {
    final long number = parent.number() + 1;
    if (announced.number() != number
        || !announced.parentHash().equals(parent.hash())
        || parent.inTurn(number, signer)
        || !announced.difficulty().equals(Clique.DIFF_IN_TURN)) {
      return false;
    }
    try {
      return parent.inTurn(number, Clique.signer(announced));
    } catch (CliqueException e) {
      return false;
    }
  }

  /**
   * Whether {@code signer}, waiting to seal out of turn on {@code parent}, should hold its block
   * back because the in-turn signer has said it is building its own on the same parent: the in-turn
   * block is then on its way, and under load its build alone can outlast the wiggle.
   */
  public static boolean yieldsTo(
      final Snapshot parent, final Address signer, final SealingIntent intent) {
    final long number = parent.number() + 1;
    if (intent.number() != number
        || !intent.parent().equals(parent.hash())
        || parent.inTurn(number, signer)) {
      return false;
    }
    return intent.signer().filter(announcer -> parent.inTurn(number, announcer)).isPresent();
  }

  /** With period 0 the chain seals only when there is something to seal. */
  public static boolean sealsEmptyBlocks(final long period) {
    return period > 0;
  }
}
