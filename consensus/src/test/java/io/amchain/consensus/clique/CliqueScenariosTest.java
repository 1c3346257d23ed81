package io.amchain.consensus.clique;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The voting scenarios of EIP-225's "Test cases" section, plus the checkpoint re-import case
 * (digest §14): one table, named signers with real keys, real sealing and real recovery.
 */
class CliqueScenariosTest {

  /** One block: who seals it, whom it votes on, and how it is imported. */
  record Step(
      String signer,
      String voted,
      boolean auth,
      @Nullable List<String> checkpoint,
      boolean newBatch) {
    static Step seal(final String signer) {
      return new Step(signer, "", false, null, false);
    }

    static Step vote(final String signer, final String voted, final boolean auth) {
      return new Step(signer, voted, auth, null, false);
    }

    static Step checkpoint(final String signer, final String... signers) {
      return new Step(signer, "", false, List.of(signers), false);
    }

    Step inNewBatch() {
      return new Step(signer, voted, auth, checkpoint, true);
    }
  }

  static Arguments row(
      final String name,
      final long epoch,
      final List<String> signers,
      final List<Step> steps,
      final List<String> results,
      final @Nullable CliqueError failure) {
    return Arguments.of(name, epoch, signers, steps, results, failure);
  }

  static Stream<Arguments> scenarios() {
    final long e = 30_000;
    return Stream.of(
        row(
            "single signer, no votes cast",
            e,
            List.of("A"),
            List.of(Step.seal("A")),
            List.of("A"),
            null),
        row(
            "single signer, voting to add two others",
            e,
            List.of("A"),
            List.of(Step.vote("A", "B", true), Step.seal("B"), Step.vote("A", "C", true)),
            List.of("A", "B"),
            null),
        row(
            "two signers, voting to add three others",
            e,
            List.of("A", "B"),
            List.of(
                Step.vote("A", "C", true),
                Step.vote("B", "C", true),
                Step.vote("A", "D", true),
                Step.vote("B", "D", true),
                Step.seal("C"),
                Step.vote("A", "E", true),
                Step.vote("B", "E", true)),
            List.of("A", "B", "C", "D"),
            null),
        row(
            "single signer, dropping itself",
            e,
            List.of("A"),
            List.of(Step.vote("A", "A", false)),
            List.of(),
            null),
        row(
            "two signers, mutual consent to drop not fulfilled",
            e,
            List.of("A", "B"),
            List.of(Step.vote("A", "B", false)),
            List.of("A", "B"),
            null),
        row(
            "two signers, mutual consent to drop fulfilled",
            e,
            List.of("A", "B"),
            List.of(Step.vote("A", "B", false), Step.vote("B", "B", false)),
            List.of("A"),
            null),
        row(
            "three signers, two drop the third",
            e,
            List.of("A", "B", "C"),
            List.of(Step.vote("A", "C", false), Step.vote("B", "C", false)),
            List.of("A", "B"),
            null),
        row(
            "four signers, two are not enough to drop",
            e,
            List.of("A", "B", "C", "D"),
            List.of(Step.vote("A", "C", false), Step.vote("B", "C", false)),
            List.of("A", "B", "C", "D"),
            null),
        row(
            "four signers, three drop one",
            e,
            List.of("A", "B", "C", "D"),
            List.of(
                Step.vote("A", "D", false), Step.vote("B", "D", false), Step.vote("C", "D", false)),
            List.of("A", "B", "C"),
            null),
        row(
            "authorizations count once per signer per target",
            e,
            List.of("A", "B"),
            List.of(
                Step.vote("A", "C", true),
                Step.seal("B"),
                Step.vote("A", "C", true),
                Step.seal("B"),
                Step.vote("A", "C", true)),
            List.of("A", "B"),
            null),
        row(
            "authorizing several accounts concurrently",
            e,
            List.of("A", "B"),
            List.of(
                Step.vote("A", "C", true),
                Step.seal("B"),
                Step.vote("A", "D", true),
                Step.seal("B"),
                Step.seal("A"),
                Step.vote("B", "D", true),
                Step.seal("A"),
                Step.vote("B", "C", true)),
            List.of("A", "B", "C", "D"),
            null),
        row(
            "deauthorizations count once per signer per target",
            e,
            List.of("A", "B"),
            List.of(
                Step.vote("A", "B", false),
                Step.seal("B"),
                Step.vote("A", "B", false),
                Step.seal("B"),
                Step.vote("A", "B", false)),
            List.of("A", "B"),
            null),
        row(
            "deauthorizing several accounts concurrently",
            e,
            List.of("A", "B", "C", "D"),
            List.of(
                Step.vote("A", "C", false),
                Step.seal("B"),
                Step.seal("C"),
                Step.vote("A", "D", false),
                Step.seal("B"),
                Step.seal("C"),
                Step.seal("A"),
                Step.vote("B", "D", false),
                Step.vote("C", "D", false),
                Step.seal("A"),
                Step.vote("B", "C", false)),
            List.of("A", "B"),
            null),
        row(
            "votes of a dropped signer are discarded (drop votes)",
            e,
            List.of("A", "B", "C"),
            List.of(
                Step.vote("C", "B", false),
                Step.vote("A", "C", false),
                Step.vote("B", "C", false),
                Step.vote("A", "B", false)),
            List.of("A", "B"),
            null),
        row(
            "votes of a dropped signer are discarded (add votes)",
            e,
            List.of("A", "B", "C"),
            List.of(
                Step.vote("C", "D", true),
                Step.vote("A", "C", false),
                Step.vote("B", "C", false),
                Step.vote("A", "D", true)),
            List.of("A", "B"),
            null),
        row(
            "no cascading: only the address voted on changes",
            e,
            List.of("A", "B", "C", "D"),
            List.of(
                Step.vote("A", "C", false),
                Step.seal("B"),
                Step.seal("C"),
                Step.vote("A", "D", false),
                Step.vote("B", "C", false),
                Step.seal("C"),
                Step.seal("A"),
                Step.vote("B", "D", false),
                Step.vote("C", "D", false)),
            List.of("A", "B", "C"),
            null),
        row(
            "majority reached out of bounds executes on touch",
            e,
            List.of("A", "B", "C", "D"),
            List.of(
                Step.vote("A", "C", false),
                Step.seal("B"),
                Step.seal("C"),
                Step.vote("A", "D", false),
                Step.vote("B", "C", false),
                Step.seal("C"),
                Step.seal("A"),
                Step.vote("B", "D", false),
                Step.vote("C", "D", false),
                Step.seal("A"),
                Step.vote("C", "C", true)),
            List.of("A", "B"),
            null),
        row(
            "majority reached out of bounds may be lost on first touch",
            e,
            List.of("A", "B", "C", "D"),
            List.of(
                Step.vote("A", "C", false),
                Step.seal("B"),
                Step.seal("C"),
                Step.vote("A", "D", false),
                Step.vote("B", "C", false),
                Step.seal("C"),
                Step.seal("A"),
                Step.vote("B", "D", false),
                Step.vote("C", "D", false),
                Step.seal("A"),
                Step.vote("B", "C", true)),
            List.of("A", "B", "C"),
            null),
        row(
            "pending votes do not survive a status change",
            e,
            List.of("A", "B", "C", "D", "E"),
            List.of(
                Step.vote("A", "F", true),
                Step.vote("B", "F", true),
                Step.vote("C", "F", true),
                Step.vote("D", "F", false),
                Step.vote("E", "F", false),
                Step.vote("B", "F", false),
                Step.vote("C", "F", false),
                Step.vote("D", "F", true),
                Step.vote("E", "F", true),
                Step.vote("B", "A", false),
                Step.vote("C", "A", false),
                Step.vote("D", "A", false),
                Step.vote("B", "F", true)),
            List.of("B", "C", "D", "E", "F"),
            null),
        row(
            "epoch transitions reset all votes",
            3,
            List.of("A", "B"),
            List.of(
                Step.vote("A", "C", true),
                Step.seal("B"),
                Step.checkpoint("A", "A", "B"),
                Step.vote("B", "C", true)),
            List.of("A", "B"),
            null),
        row(
            "an unauthorized signer cannot seal",
            e,
            List.of("A"),
            List.of(Step.seal("B")),
            List.of(),
            CliqueError.UNAUTHORIZED_SIGNER),
        row(
            "a signer that sealed recently cannot seal again",
            e,
            List.of("A", "B"),
            List.of(Step.seal("A"), Step.seal("A")),
            List.of(),
            CliqueError.RECENTLY_SIGNED),
        row(
            "recents survive a checkpoint in one batch",
            3,
            List.of("A", "B", "C"),
            List.of(
                Step.seal("A"),
                Step.seal("B"),
                Step.checkpoint("A", "A", "B", "C"),
                Step.seal("A")),
            List.of(),
            CliqueError.RECENTLY_SIGNED),
        row(
            "recents survive a checkpoint re-imported in a new batch (Rinkeby split)",
            3,
            List.of("A", "B", "C"),
            List.of(
                Step.seal("A"),
                Step.seal("B"),
                Step.checkpoint("A", "A", "B", "C"),
                Step.seal("A").inNewBatch()),
            List.of(),
            CliqueError.RECENTLY_SIGNED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario(
      final String name,
      final long epoch,
      final List<String> initial,
      final List<Step> steps,
      final List<String> results,
      final @Nullable CliqueError failure) {
    final Signers pool = new Signers();
    final List<Address> initialSigners = new ArrayList<>();
    initial.forEach(signer -> initialSigners.add(pool.address(signer)));
    final BlockHeader genesis = SealingFixture.genesis(initialSigners).build();
    final Map<Hash, BlockHeader> chain = new HashMap<>();
    chain.put(genesis.hash(), genesis);
    final List<BlockHeader> headers = new ArrayList<>();
    BlockHeader parent = genesis;
    for (final Step step : steps) {
      final List<Address> listed = new ArrayList<>();
      if (step.checkpoint() != null) {
        step.checkpoint().forEach(signer -> listed.add(pool.address(signer)));
      }
      final BlockHeader unsealed =
          SealingFixture.vote(
                  SealingFixture.child(parent, Clique.DIFF_IN_TURN),
                  pool.address(step.voted()),
                  step.auth())
              .extraData(SealingFixture.extraData(listed))
              .build();
      final BlockHeader sealed = Clique.seal(unsealed, pool.key(step.signer()));
      chain.put(sealed.hash(), sealed);
      headers.add(sealed);
      parent = sealed;
    }

    final Runnable importAll =
        () -> {
          Snapshots snapshots = new Snapshots(epoch, chain::get);
          for (int i = 0; i < headers.size(); i++) {
            if (steps.get(i).newBatch()) {
              // A restart: nothing cached, the snapshot is rebuilt from the genesis.
              snapshots = new Snapshots(epoch, chain::get);
            }
            final BlockHeader header = headers.get(i);
            snapshots.remember(snapshots.at(header.parentHash()).apply(List.of(header)));
          }
        };
    if (failure != null) {
      assertEquals(failure, assertThrows(CliqueException.class, importAll::run).error());
      return;
    }
    importAll.run();
    final Snapshot last =
        new Snapshots(epoch, chain::get).at(headers.get(headers.size() - 1).hash());
    final TreeSet<Address> expected = new TreeSet<>();
    results.forEach(signer -> expected.add(pool.address(signer)));
    assertEquals(List.copyOf(expected), last.signers());
  }
}
