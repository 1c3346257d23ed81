package io.amchain.consensus.clique;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target for Clique's extraData parsing: the checkpoint signer list, the seal, the genesis
 * snapshot, and the header rules that read them (docs/fuzzing.md). The input is a header's
 * extraData. Property: every reader either answers or refuses with a {@link CliqueException}, never
 * another exception; a signer list that parses rebuilds, sorted, into the same bytes with an empty
 * seal; a header sealed by an authorised signer with this extraData is accepted or refused by the
 * validator with a {@link CliqueException}. Seeds: {@code CliqueExtraDataFuzzTestInputs/}, the
 * Goerli and Rinkeby genesis extraData and variants of it around each length boundary.
 */
class CliqueExtraDataFuzzTest {
  private static final long EPOCH = 4;
  private static final long PERIOD = 5;
  private static final long NOW = 1_000_000;

  private final Signers pool = new Signers();
  private final BlockHeader genesis =
      SealingFixture.genesis(List.of(pool.address("A"), pool.address("B"), pool.address("C")))
          .timestamp(NOW - 100)
          .build();

  /** The genesis and valid blocks 1..EPOCH-1, built once: Jazzer reuses the test instance. */
  private final Map<Hash, BlockHeader> chain = new HashMap<>();

  private final BlockHeader beforeCheckpoint;

  CliqueExtraDataFuzzTest() {
    chain.put(genesis.hash(), genesis);
    beforeCheckpoint = chainUpTo(EPOCH - 1);
  }

  @FuzzTest
  void extraDataRefusesOrParses(final byte[] input) {
    final Bytes extra = Bytes.wrap(input);
    checkpoint(extra);
    try {
      Snapshot.fromCheckpoint(EPOCH, BlockHeader.builder().extraData(extra).build());
    } catch (CliqueException refused) {
      // no signers, or a malformed list
    }
    final BlockHeader header = BlockHeader.builder().number(1).extraData(extra).build();
    try {
      Clique.sealHash(header);
    } catch (CliqueException refused) {
      assertEquals(CliqueError.MISSING_SIGNATURE, refused.error());
    }
    try {
      Clique.signer(header);
    } catch (CliqueException refused) {
      // missing or invalid seal
    }
    validateSealedChild(extra, 1);
    validateSealedChild(extra, EPOCH);
  }

  private static void checkpoint(final Bytes extra) {
    final List<Address> signers;
    try {
      signers = Clique.checkpointSigners(BlockHeader.builder().extraData(extra).build());
    } catch (CliqueException refused) {
      assertEquals(CliqueError.INVALID_CHECKPOINT_SIGNERS, refused.error());
      return;
    }
    final Bytes rebuilt = Clique.extraData(extra.slice(0, Clique.EXTRA_VANITY), signers);
    assertEquals(extra.size(), rebuilt.size());
    final List<Address> sorted = signers.stream().sorted().toList();
    assertEquals(
        sorted, Clique.checkpointSigners(BlockHeader.builder().extraData(rebuilt).build()));
    if (sorted.equals(signers)) {
      assertEquals(
          extra.slice(0, extra.size() - Clique.EXTRA_SEAL),
          rebuilt.slice(0, rebuilt.size() - Clique.EXTRA_SEAL));
    }
  }

  /** Block {@code number} on the genesis, with this extraData, sealed by the in-turn signer. */
  private void validateSealedChild(final Bytes extra, final long number) {
    final BlockHeader parent = number == 1 ? genesis : beforeCheckpoint;
    final BlockHeader child =
        SealingFixture.child(parent, Clique.DIFF_IN_TURN)
            .timestamp(parent.timestamp() + PERIOD)
            .extraData(extra)
            .build();
    final BlockHeader candidate =
        extra.size() >= Clique.EXTRA_SEAL ? Clique.seal(child, inTurnKey(number)) : child;
    final HeaderValidator validator =
        new HeaderValidator(
            new ChainRules(PERIOD, EPOCH, 0), chain::get, new Snapshots(EPOCH, chain::get));
    try {
      validator.validate(candidate, NOW + 1_000);
    } catch (CliqueException refused) {
      // any named rule
    }
  }

  /** Puts valid blocks 1..number, each sealed by the signer in turn, in the chain; the last. */
  private BlockHeader chainUpTo(final long number) {
    BlockHeader parent = genesis;
    for (long n = 1; n <= number; n++) {
      final BlockHeader next =
          Clique.seal(
              SealingFixture.child(parent, Clique.DIFF_IN_TURN)
                  .timestamp(parent.timestamp() + PERIOD)
                  .build(),
              inTurnKey(n));
      chain.put(next.hash(), next);
      parent = next;
    }
    return parent;
  }

  private io.amchain.ledger.crypto.PrivateKey inTurnKey(final long number) {
    final List<String> names =
        List.of("A", "B", "C").stream()
            .sorted((a, b) -> pool.address(a).compareTo(pool.address(b)))
            .toList();
    return pool.key(names.get((int) (number % 3)));
  }
}
