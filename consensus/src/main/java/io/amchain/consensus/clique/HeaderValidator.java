package io.amchain.consensus.clique;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.FeeMarket;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.List;

/**
 * Every Clique header rule (the digest's §9, in geth's order), assembled in one place. Stage A
 * looks at the header alone, stage B at its parent and the parent's snapshot, stage C at the seal.
 */
public final class HeaderValidator {
  private final ChainRules rules;
  private final ChainHeaderReader reader;
  private final Snapshots snapshots;

  public HeaderValidator(
      final ChainRules rules, final ChainHeaderReader reader, final Snapshots snapshots) {
    this.rules = rules;
    this.reader = reader;
    this.snapshots = snapshots;
  }

  private static final List<HeaderRule> STANDALONE =
      List.of(
          HeaderValidator::notInTheFuture,
          HeaderValidator::checkpointHasNoBeneficiary,
          HeaderValidator::nonceIsAVote,
          HeaderValidator::checkpointHasNoVote,
          HeaderValidator::extraHasVanity,
          HeaderValidator::extraHasSeal,
          HeaderValidator::signerListOnlyOnCheckpoints,
          HeaderValidator::checkpointSignerListIsWellFormed,
          HeaderValidator::mixDigestIsZero,
          HeaderValidator::noUncles,
          HeaderValidator::difficultyIsOneOrTwo);

  private static final List<HeaderRule> CASCADING =
      List.of(
          HeaderValidator::parentIsKnown,
          HeaderValidator::timestampFollowsPeriod,
          HeaderValidator::gasUsedWithinLimit,
          HeaderValidator::gasLimitAndBaseFeeFollowParent,
          HeaderValidator::checkpointListsTheSigners);

  private static final List<HeaderRule> SEAL =
      List.of(
          HeaderValidator::signerIsAuthorized,
          HeaderValidator::signerDidNotSignRecently,
          HeaderValidator::difficultyMatchesTurn);

  /**
   * Checks a header against its parent (which must already be valid) at local time {@code now}
   * (seconds), and returns the snapshot after it.
   *
   * @throws CliqueException naming the first rule it breaks
   */
  public Snapshot validate(final BlockHeader header, final long now) {
    if (header.number() == 0) {
      throw new CliqueException(CliqueError.UNKNOWN_BLOCK, "the genesis is not validated");
    }
    final BlockHeader parent = reader.header(header.parentHash());
    final HeaderContext context =
        new HeaderContext(header, parent, rules, now, () -> snapshots.at(header.parentHash()));
    for (final HeaderRule rule : STANDALONE) {
      rule.check(context);
    }
    for (final HeaderRule rule : CASCADING) {
      rule.check(context);
    }
    for (final HeaderRule rule : SEAL) {
      rule.check(context);
    }
    final Snapshot next = context.snapshot().apply(List.of(header));
    snapshots.remember(next);
    return next;
  }

  // Stage A: the header alone.

  static void notInTheFuture(final HeaderContext c) {
    if (c.header.timestamp() > c.now) {
      throw new CliqueException(CliqueError.FUTURE_BLOCK);
    }
  }

  static void checkpointHasNoBeneficiary(final HeaderContext c) {
    if (c.checkpoint() && !c.header.coinbase().equals(Address.ZERO)) {
      throw new CliqueException(CliqueError.INVALID_CHECKPOINT_BENEFICIARY);
    }
  }

  static void nonceIsAVote(final HeaderContext c) {
    if (!c.header.nonce().equals(Clique.NONCE_AUTH)
        && !c.header.nonce().equals(Clique.NONCE_DROP)) {
      throw new CliqueException(CliqueError.INVALID_VOTE);
    }
  }

  static void checkpointHasNoVote(final HeaderContext c) {
    if (c.checkpoint() && !c.header.nonce().equals(Clique.NONCE_DROP)) {
      throw new CliqueException(CliqueError.INVALID_CHECKPOINT_VOTE);
    }
  }

  static void extraHasVanity(final HeaderContext c) {
    if (c.header.extraData().size() < Clique.EXTRA_VANITY) {
      throw new CliqueException(CliqueError.MISSING_VANITY);
    }
  }

  static void extraHasSeal(final HeaderContext c) {
    if (c.header.extraData().size() < Clique.EXTRA_VANITY + Clique.EXTRA_SEAL) {
      throw new CliqueException(CliqueError.MISSING_SIGNATURE);
    }
  }

  static void signerListOnlyOnCheckpoints(final HeaderContext c) {
    final int signerBytes = c.header.extraData().size() - Clique.EXTRA_VANITY - Clique.EXTRA_SEAL;
    if (!c.checkpoint() && signerBytes != 0) {
      throw new CliqueException(CliqueError.EXTRA_SIGNERS);
    }
  }

  static void checkpointSignerListIsWellFormed(final HeaderContext c) {
    final int signerBytes = c.header.extraData().size() - Clique.EXTRA_VANITY - Clique.EXTRA_SEAL;
    if (c.checkpoint() && signerBytes % Address.SIZE != 0) {
      throw new CliqueException(CliqueError.INVALID_CHECKPOINT_SIGNERS);
    }
  }

  static void mixDigestIsZero(final HeaderContext c) {
    if (!c.header.mixHash().equals(Hash.ZERO)) {
      throw new CliqueException(CliqueError.INVALID_MIX_DIGEST);
    }
  }

  static void noUncles(final HeaderContext c) {
    if (!c.header.ommersHash().equals(BlockHeader.EMPTY_OMMERS_HASH)) {
      throw new CliqueException(CliqueError.INVALID_UNCLE_HASH);
    }
  }

  static void difficultyIsOneOrTwo(final HeaderContext c) {
    final UInt256 difficulty = c.header.difficulty();
    if (!difficulty.equals(Clique.DIFF_IN_TURN) && !difficulty.equals(Clique.DIFF_NO_TURN)) {
      throw new CliqueException(CliqueError.INVALID_DIFFICULTY);
    }
  }

  // Stage B: the header against its parent.

  static void parentIsKnown(final HeaderContext c) {
    final BlockHeader parent = c.parent;
    if (parent == null
        || parent.number() != c.header.number() - 1
        || !parent.hash().equals(c.header.parentHash())) {
      throw new CliqueException(CliqueError.UNKNOWN_ANCESTOR);
    }
  }

  static void timestampFollowsPeriod(final HeaderContext c) {
    if (c.parent().timestamp() + c.rules.period() > c.header.timestamp()) {
      throw new CliqueException(CliqueError.INVALID_TIMESTAMP);
    }
  }

  static void gasUsedWithinLimit(final HeaderContext c) {
    if (c.header.gasUsed() > c.header.gasLimit()) {
      throw new CliqueException(
          CliqueError.INVALID_GAS_USED,
          "have " + c.header.gasUsed() + ", gasLimit " + c.header.gasLimit());
    }
  }

  static void gasLimitAndBaseFeeFollowParent(final HeaderContext c) {
    final BlockHeader parent = c.parent();
    final UInt256 baseFee = c.header.baseFee();
    if (!c.rules.isLondon(c.header.number())) {
      if (baseFee != null) {
        throw new CliqueException(CliqueError.INVALID_BASE_FEE, "have " + baseFee + ", want <nil>");
      }
      if (!FeeMarket.validGasLimit(parent.gasLimit(), c.header.gasLimit())) {
        throw invalidGasLimit(parent.gasLimit(), c.header.gasLimit());
      }
      return;
    }
    final long parentLimit =
        c.rules.isLondon(parent.number())
            ? parent.gasLimit()
            : parent.gasLimit() * FeeMarket.ELASTICITY_MULTIPLIER;
    if (!FeeMarket.validGasLimit(parentLimit, c.header.gasLimit())) {
      throw invalidGasLimit(parentLimit, c.header.gasLimit());
    }
    final UInt256 expected =
        c.rules.isLondon(parent.number())
            ? FeeMarket.nextBaseFee(parent)
            : FeeMarket.INITIAL_BASE_FEE;
    if (!expected.equals(baseFee)) {
      throw new CliqueException(
          CliqueError.INVALID_BASE_FEE,
          "have "
              + baseFee
              + ", want "
              + expected
              + ", parentBaseFee "
              + parent.baseFee()
              + ", parentGasUsed "
              + parent.gasUsed());
    }
  }

  private static CliqueException invalidGasLimit(final long parentLimit, final long limit) {
    return new CliqueException(
        CliqueError.INVALID_GAS_LIMIT, "have " + limit + ", parent " + parentLimit);
  }

  static void checkpointListsTheSigners(final HeaderContext c) {
    if (c.checkpoint() && !Clique.checkpointSigners(c.header).equals(c.snapshot().signers())) {
      throw new CliqueException(CliqueError.MISMATCHING_CHECKPOINT_SIGNERS);
    }
  }

  // Stage C: the seal.

  static void signerIsAuthorized(final HeaderContext c) {
    final Address signer = Clique.signer(c.header);
    if (!c.snapshot().isSigner(signer)) {
      throw new CliqueException(CliqueError.UNAUTHORIZED_SIGNER, signer.toHex());
    }
  }

  static void signerDidNotSignRecently(final HeaderContext c) {
    final Address signer = Clique.signer(c.header);
    if (c.snapshot().signedRecently(signer, c.header.number())) {
      throw new CliqueException(CliqueError.RECENTLY_SIGNED, signer.toHex());
    }
  }

  static void difficultyMatchesTurn(final HeaderContext c) {
    final boolean inTurn = c.snapshot().inTurn(c.header.number(), Clique.signer(c.header));
    final UInt256 expected = inTurn ? Clique.DIFF_IN_TURN : Clique.DIFF_NO_TURN;
    if (!c.header.difficulty().equals(expected)) {
      throw new CliqueException(CliqueError.WRONG_DIFFICULTY);
    }
  }
}
