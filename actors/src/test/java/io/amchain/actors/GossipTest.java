package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.amchain.actors.chain.Chain;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.mempool.Mempool;
import io.amchain.actors.sync.Sync;
import io.amchain.consensus.chain.ChainImporter;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Hash;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Blocks through the gossip actor: the chain and the sync actor are probes. */
class GossipTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ActorTestKit kit = ActorTestKit.create();
  private final TestProbe<Chain.Command> chain = kit.createTestProbe();
  private final TestProbe<Sync.Command> sync = kit.createTestProbe();
  private final ActorRef<Gossip.Command> gossip =
      kit.spawn(
          Gossip.create(
              chain.ref(),
              kit.<Mempool.Command>createTestProbe().ref(),
              sync.ref(),
              DispatcherSelector.defaultDispatcher()));

  /** A peer's end of the topic. */
  private final ActorRef<Topic.Command<Gossip.Broadcast>> peer =
      kit.spawn(Topic.create(Gossip.Broadcast.class, "amchain-gossip"));

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  private static Block child(final Hash parent, final long number) {
    return new Block(
        BlockHeader.builder().parentHash(parent).number(number).timestamp(number).build(),
        List.of(),
        List.of());
  }

  /** Publishes {@code block} as a peer would, once the gossip actor's subscription is known. */
  private void fromPeer(final Block block) {
    final TestProbe<Topic.TopicStats> stats = kit.createTestProbe();
    stats.awaitAssert(
        WAIT,
        () -> {
          peer.tell(Topic.getTopicStats(stats.ref()));
          assertEquals(1, stats.receiveMessage().topicInstanceCount());
          return null;
        });
    peer.tell(Topic.publish(new Gossip.NewBlock(block.encoded())));
  }

  private Chain.Import importAsked() {
    return chain.expectMessageClass(Chain.Import.class, WAIT);
  }

  @Test
  void aBlockHeardBeforeItsParentIsImportedRightAfterIt() {
    final Block parent = child(Hash.ZERO, 1);
    final Block block = child(parent.hash(), 2);

    fromPeer(block);
    final Chain.Import early = importAsked();
    assertEquals(block.hash(), early.block().hash());
    early.replyTo().tell(new Chain.UnknownParent(block.hash(), 2));

    fromPeer(parent);
    final Chain.Import first = importAsked();
    assertEquals(parent.hash(), first.block().hash());
    first.replyTo().tell(new Chain.Imported(parent.hash(), 1, ChainImporter.Outcome.NEW_HEAD));
    final Chain.Import again = importAsked();
    assertEquals(block.hash(), again.block().hash());
    sync.expectNoMessage(Duration.ofMillis(1200));
  }

  @Test
  void aParentThatDoesNotComeIsFetchedBySync() {
    final Block orphan = child(Hash.ZERO, 7);
    fromPeer(orphan);
    importAsked().replyTo().tell(new Chain.UnknownParent(orphan.hash(), 7));

    sync.expectMessageClass(Sync.CatchUp.class, WAIT);
    chain.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void thisNodesOwnBlockComingBackFromTheTopicIsNotImportedAgain() {
    final Block own = child(Hash.ZERO, 3);
    fromPeer(child(Hash.ZERO, 2));
    importAsked();
    gossip.tell(new Gossip.PublishBlock(own));
    chain.expectNoMessage(Duration.ofMillis(500));
  }
}
