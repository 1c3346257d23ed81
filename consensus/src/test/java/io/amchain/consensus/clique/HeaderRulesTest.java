package io.amchain.consensus.clique;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One test per header rule: a valid header is changed in exactly one way and must fail with exactly
 * that rule's error. Signers A, B, C; epoch 4, so block 4 is a checkpoint.
 */
class HeaderRulesTest {
  private static final long PERIOD = 5;
  private static final long EPOCH = 4;
  private static final long NOW = 1_000_000;

  private final Signers pool = new Signers();
  private final Map<Hash, BlockHeader> chain = new HashMap<>();
  private final ChainRules rules = new ChainRules(PERIOD, EPOCH, 0);
  private final BlockHeader genesis =
      SealingFixture.genesis(List.of(pool.address("A"), pool.address("B"), pool.address("C")))
          .timestamp(NOW - 100)
          .build();

  HeaderRulesTest() {
    chain.put(genesis.hash(), genesis);
  }

  private Address inTurnSigner(final long number) {
    final List<Address> sorted =
        List.of(pool.address("A"), pool.address("B"), pool.address("C")).stream().sorted().toList();
    return sorted.get((int) (number % 3));
  }

  private PrivateKey keyOf(final Address address) {
    for (final String name : List.of("A", "B", "C", "D")) {
      if (pool.address(name).equals(address)) {
        return pool.key(name);
      }
    }
    throw new IllegalArgumentException("unknown signer " + address);
  }

  /** A valid, unsealed child of {@code parent}, sealed by the in-turn signer. */
  private BlockHeader.Builder child(final BlockHeader parent) {
    return SealingFixture.child(parent, Clique.DIFF_IN_TURN).timestamp(parent.timestamp() + PERIOD);
  }

  private BlockHeader sealed(final BlockHeader.Builder builder, final Address signer) {
    return Clique.seal(builder.build(), keyOf(signer));
  }

  private HeaderValidator validator() {
    return new HeaderValidator(rules, chain::get, new Snapshots(EPOCH, chain::get));
  }

  private CliqueError failure(final UnaryOperator<BlockHeader.Builder> change) {
    final BlockHeader header = sealed(change.apply(child(genesis)), inTurnSigner(1));
    return assertThrows(CliqueException.class, () -> validator().validate(header, NOW)).error();
  }

  @Test
  void acceptsAValidHeader() {
    final BlockHeader header = sealed(child(genesis), inTurnSigner(1));
    assertEquals(1, validator().validate(header, NOW).number());
  }

  @Test
  void blockInTheFuture() {
    assertEquals(CliqueError.FUTURE_BLOCK, failure(b -> b.timestamp(NOW + 1)));
  }

  @Test
  void voteNonceMustBeMagic() {
    assertEquals(
        CliqueError.INVALID_VOTE, failure(b -> b.nonce(Bytes.fromHex("0x0000000000000001"))));
  }

  @Test
  void extraMissingVanity() {
    final BlockHeader header = child(genesis).extraData(Bytes.wrap(new byte[20])).build();
    assertEquals(
        CliqueError.MISSING_VANITY,
        assertThrows(CliqueException.class, () -> validator().validate(header, NOW)).error());
  }

  @Test
  void extraMissingSeal() {
    final BlockHeader header = child(genesis).extraData(Bytes.wrap(new byte[80])).build();
    assertEquals(
        CliqueError.MISSING_SIGNATURE,
        assertThrows(CliqueException.class, () -> validator().validate(header, NOW)).error());
  }

  @Test
  void signerListOutsideCheckpoint() {
    assertEquals(
        CliqueError.EXTRA_SIGNERS,
        failure(b -> b.extraData(SealingFixture.extraData(List.of(pool.address("A"))))));
  }

  @Test
  void nonZeroMixDigest() {
    assertEquals(
        CliqueError.INVALID_MIX_DIGEST,
        failure(b -> b.mixHash(Hash.fromHex("0x" + "01".repeat(32)))));
  }

  @Test
  void unclesNotAllowed() {
    assertEquals(CliqueError.INVALID_UNCLE_HASH, failure(b -> b.ommersHash(Hash.ZERO)));
  }

  @Test
  void difficultyMustBeOneOrTwo() {
    assertEquals(CliqueError.INVALID_DIFFICULTY, failure(b -> b.difficulty(UInt256.of(3))));
  }

  @Test
  void unknownAncestor() {
    assertEquals(CliqueError.UNKNOWN_ANCESTOR, failure(b -> b.parentHash(Hash.ZERO)));
  }

  @Test
  void timestampBeforeThePeriodEnds() {
    assertEquals(
        CliqueError.INVALID_TIMESTAMP, failure(b -> b.timestamp(genesis.timestamp() + PERIOD - 1)));
  }

  @Test
  void gasUsedAboveLimit() {
    assertEquals(CliqueError.INVALID_GAS_USED, failure(b -> b.gasUsed(genesis.gasLimit() + 1)));
  }

  @Test
  void gasLimitJumpsTooFar() {
    assertEquals(CliqueError.INVALID_GAS_LIMIT, failure(b -> b.gasLimit(genesis.gasLimit() * 2)));
  }

  @Test
  void wrongBaseFee() {
    assertEquals(CliqueError.INVALID_BASE_FEE, failure(b -> b.baseFee(UInt256.ONE)));
  }

  @Test
  void unauthorizedSigner() {
    final BlockHeader header = Clique.seal(child(genesis).build(), pool.key("D"));
    assertEquals(
        CliqueError.UNAUTHORIZED_SIGNER,
        assertThrows(CliqueException.class, () -> validator().validate(header, NOW)).error());
  }

  @Test
  void wrongDifficultyForTheTurn() {
    assertEquals(CliqueError.WRONG_DIFFICULTY, failure(b -> b.difficulty(Clique.DIFF_NO_TURN)));
  }

  @Test
  void recentlySigned() {
    final HeaderValidator validator = validator();
    final BlockHeader first = sealed(child(genesis), inTurnSigner(1));
    chain.put(first.hash(), first);
    validator.validate(first, NOW);
    final BlockHeader again = sealed(child(first).difficulty(Clique.DIFF_NO_TURN), inTurnSigner(1));
    assertEquals(
        CliqueError.RECENTLY_SIGNED,
        assertThrows(CliqueException.class, () -> validator.validate(again, NOW)).error());
  }

  /** Builds blocks 1..3 so that block 4 is a checkpoint, and returns block 3. */
  private BlockHeader upToCheckpoint() {
    BlockHeader parent = genesis;
    final HeaderValidator validator = validator();
    for (long n = 1; n < EPOCH; n++) {
      final BlockHeader header = sealed(child(parent), inTurnSigner(n));
      chain.put(header.hash(), header);
      validator.validate(header, NOW);
      parent = header;
    }
    return parent;
  }

  private CliqueError checkpointFailure(final UnaryOperator<BlockHeader.Builder> change) {
    final BlockHeader parent = upToCheckpoint();
    final List<Address> signers = List.of(pool.address("A"), pool.address("B"), pool.address("C"));
    final BlockHeader header =
        sealed(
            change.apply(child(parent).extraData(SealingFixture.extraData(signers))),
            inTurnSigner(EPOCH));
    return assertThrows(CliqueException.class, () -> validator().validate(header, NOW)).error();
  }

  @Test
  void checkpointWithBeneficiary() {
    assertEquals(
        CliqueError.INVALID_CHECKPOINT_BENEFICIARY,
        checkpointFailure(b -> b.coinbase(pool.address("D"))));
  }

  @Test
  void checkpointWithVote() {
    assertEquals(
        CliqueError.INVALID_CHECKPOINT_VOTE, checkpointFailure(b -> b.nonce(Clique.NONCE_AUTH)));
  }

  @Test
  void checkpointSignerListNotWholeAddresses() {
    assertEquals(
        CliqueError.INVALID_CHECKPOINT_SIGNERS,
        checkpointFailure(
            b ->
                b.extraData(
                    Bytes.wrap(new byte[Clique.EXTRA_VANITY])
                        .concat(Bytes.wrap(new byte[19]))
                        .concat(Bytes.wrap(new byte[Clique.EXTRA_SEAL])))));
  }

  @Test
  void checkpointSignerListMismatch() {
    assertEquals(
        CliqueError.MISMATCHING_CHECKPOINT_SIGNERS,
        checkpointFailure(b -> b.extraData(SealingFixture.extraData(List.of(pool.address("A"))))));
  }

  @Test
  void acceptsAValidCheckpoint() {
    final BlockHeader parent = upToCheckpoint();
    final List<Address> signers = List.of(pool.address("A"), pool.address("B"), pool.address("C"));
    final BlockHeader header =
        sealed(child(parent).extraData(SealingFixture.extraData(signers)), inTurnSigner(EPOCH));
    assertEquals(EPOCH, validator().validate(header, NOW).number());
  }
}
