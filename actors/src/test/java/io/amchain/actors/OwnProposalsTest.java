package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.actors.proposals.OwnProposals;
import io.amchain.consensus.clique.CliqueException;
import io.amchain.consensus.clique.Proposal;
import io.amchain.consensus.clique.Proposals;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OwnProposals' protocol, against the snapshot of a real chain. */
class OwnProposalsTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /**
   * OwnProposals keeps this node's proposals and tells its followers of every change; the vote cast
   * from them is only ever a sensible one, chosen against the node's one snapshot cache.
   */
  @Test
  void ownProposalsKeepProposalsTellFollowersAndYieldOnlySensibleVotes(@TempDir final Path dir) {
    try (TestChain test = new TestChain(dir)) {
      final ActorRef<OwnProposals.Command> own = testKit.spawn(OwnProposals.create());
      final Address newcomer = PrivateKey.generate().publicKey().address();
      final Address signer = test.keys.get(0).publicKey().address();
      final TestProbe<OwnProposals.ProposalList> follower = testKit.createTestProbe();
      own.tell(new OwnProposals.Follow(follower.getRef()));
      assertEquals(Map.of(), follower.receiveMessage().proposals());
      final TestProbe<OwnProposals.ProposalList> proposals = testKit.createTestProbe();
      own.tell(new OwnProposals.Propose(newcomer, true, proposals.getRef()));
      assertEquals(Map.of(newcomer, true), proposals.receiveMessage().proposals());
      assertEquals(Map.of(newcomer, true), follower.receiveMessage().proposals());
      own.tell(new OwnProposals.Propose(signer, true, proposals.getRef()));
      proposals.receiveMessage();
      final Map<Address, Boolean> held = follower.receiveMessage().proposals();
      assertEquals(Map.of(newcomer, true, signer, true), held);

      final Snapshot snapshot = test.resources.snapshotAt(test.resources.headHeader().hash());
      assertEquals(3, snapshot.signers().size());
      // Adding an existing signer makes no sense: only the newcomer is ever voted for.
      final Random random = new Random(7);
      for (int i = 0; i < 10; i++) {
        assertEquals(
            Optional.of(new Proposal(newcomer, true)), Proposals.nextVote(held, snapshot, random));
      }
      own.tell(new OwnProposals.Discard(newcomer, proposals.getRef()));
      assertEquals(Map.of(signer, true), proposals.receiveMessage().proposals());
      final Map<Address, Boolean> left = follower.receiveMessage().proposals();
      assertTrue(Proposals.nextVote(left, snapshot, random).isEmpty());
      final TestProbe<OwnProposals.ProposalList> asked = testKit.createTestProbe();
      own.tell(new OwnProposals.GetProposals(asked.getRef()));
      assertEquals(left, asked.receiveMessage().proposals());

      assertThrows(
          CliqueException.class,
          () -> test.resources.snapshotAt(Hash.ZERO),
          "unknown block: no snapshot");
      testKit.stop(own);
    }
  }
}
