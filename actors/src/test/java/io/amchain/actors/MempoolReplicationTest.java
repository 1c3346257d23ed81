package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.mempool.Mempool;
import io.amchain.actors.sync.Sync;
import io.amchain.ledger.pool.TxPool;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Accepted means replicated" between two nodes: two actor systems joined in a cluster on loopback,
 * each with its own stores, Mempool and Gossip, talking over Artery with the node's Kryo wire
 * format. A client of node A is answered only once node B has stored its transaction; a node alone
 * answers at once.
 */
class MempoolReplicationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(1);

  @TempDir Path dir;

  private ActorTestKit nodeA;
  private ActorTestKit nodeB;
  private TestChain chainA;
  private TestChain chainB;

  @AfterEach
  void stop() {
    for (final ActorTestKit kit : new ActorTestKit[] {nodeA, nodeB}) {
      if (kit != null) {
        kit.shutdownTestKit();
      }
    }
    for (final TestChain chain : new TestChain[] {chainA, chainB}) {
      if (chain != null) {
        chain.close();
      }
    }
  }

  private static Config clusterConfig() {
    return ConfigFactory.parseString(
            String.join(
                "\n",
                "pekko.actor.provider = cluster",
                "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
                "pekko.remote.artery.canonical.port = 0",
                "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
                Mempool.REPLICATION_TIMEOUT + " = " + REPLICATION_TIMEOUT.toMillis() + "ms"))
        .withFallback(ConfigFactory.load());
  }

  /** Two actor systems named alike (one cluster), both members Up, and a chain for each. */
  private void startTwoNodes() {
    nodeA = ActorTestKit.create("amchain", clusterConfig());
    nodeB = ActorTestKit.create("amchain", clusterConfig());
    final Cluster a = Cluster.get(nodeA.system());
    final Cluster b = Cluster.get(nodeB.system());
    a.manager().tell(Join.create(a.selfMember().address()));
    b.manager().tell(Join.create(a.selfMember().address()));
    nodeA
        .createTestProbe()
        .awaitAssert(
            WAIT,
            () -> {
              assertEquals(MemberStatus.up(), a.selfMember().status());
              assertEquals(MemberStatus.up(), b.selfMember().status());
              return null;
            });
    chainA = new TestChain(dir.resolve("a"));
    chainB = TestChain.over(dir.resolve("b"), chainA.keys, chainA.genesis);
  }

  /** A node's Mempool and Gossip; the chain and sync actors are probes (no blocks here). */
  private static ActorRef<Mempool.Command> node(
      final ActorTestKit kit, final ActorRef<Mempool.Command> mempool) {
    kit.spawn(
        Gossip.create(
            kit.<Chain.Command>createTestProbe().getRef(),
            mempool,
            kit.<Sync.Command>createTestProbe().getRef(),
            DispatcherSelector.defaultDispatcher()),
        "gossip");
    return mempool;
  }

  private static ActorRef<Mempool.Command> mempool(final ActorTestKit kit, final TestChain chain) {
    return kit.spawn(Mempool.create(chain.resources, TxPool.Limits.DEFAULT), "mempool");
  }

  /** Waits until the mempool knows how many peers hear its gossip. */
  private static void awaitPeers(
      final ActorTestKit kit, final ActorRef<Mempool.Command> mempool, final int peers) {
    final TestProbe<Mempool.Status> status = kit.createTestProbe();
    status.awaitAssert(
        WAIT,
        () -> {
          mempool.tell(new Mempool.GetStatus(status.getRef()));
          assertEquals(peers, status.receiveMessage().peers());
          return null;
        });
  }

  private Transaction transfer(final long nonce) {
    final Address recipient = chainA.keys.get(2).publicKey().address();
    return chainA.transfer(chainA.keys.get(0), nonce, recipient, 1);
  }

  @Test
  void aClientIsAnsweredOnlyOnceAPeerHasStoredTheBatchThatCarriedItsTransaction() {
    startTwoNodes();
    final TestProbe<Mempool.Command> mempoolB = nodeB.createTestProbe();
    final ActorRef<Mempool.Command> mempoolA = node(nodeA, mempool(nodeA, chainA));
    node(nodeB, mempoolB.getRef());
    awaitPeers(nodeA, mempoolA, 1);

    final Transaction tx = transfer(0);
    final TestProbe<Mempool.SubmitResult> client = nodeA.createTestProbe();
    mempoolA.tell(new Mempool.Submit(tx, client.getRef()));
    final Mempool.Receive heard = receive(mempoolB);
    assertEquals(List.of(tx), heard.transactions());
    client.expectNoMessage(Duration.ofMillis(300));

    heard.replyTo().tell(new Mempool.Stored(List.of()));
    assertEquals(new Mempool.Accepted(tx.hash()), client.receiveMessage(WAIT));
  }

  @Test
  void aTransactionNoPeerStoresIsAnsweredNotReplicatedAfterTheBound() {
    startTwoNodes();
    final TestProbe<Mempool.Command> mempoolB = nodeB.createTestProbe();
    final ActorRef<Mempool.Command> mempoolA = node(nodeA, mempool(nodeA, chainA));
    node(nodeB, mempoolB.getRef());
    awaitPeers(nodeA, mempoolA, 1);

    final Transaction tx = transfer(0);
    final TestProbe<Mempool.SubmitResult> client = nodeA.createTestProbe();
    mempoolA.tell(new Mempool.Submit(tx, client.getRef()));
    receive(mempoolB).replyTo().tell(new Mempool.Stored(List.of(tx.hash())));
    assertEquals(
        new Mempool.NotReplicated(tx.hash(), REPLICATION_TIMEOUT), client.receiveMessage(WAIT));
    // Stored on this node all the same.
    assertEquals(List.of(tx), chainA.resources.poolStore().transactions());
  }

  @Test
  void aPeerHoldsEveryTransactionDurablyOnceItsClientIsAnswered() {
    startTwoNodes();
    final ActorRef<Mempool.Command> mempoolA = node(nodeA, mempool(nodeA, chainA));
    node(nodeB, mempool(nodeB, chainB));
    awaitPeers(nodeA, mempoolA, 1);

    final TestProbe<Mempool.SubmitResult> client = nodeA.createTestProbe();
    final int count = 50;
    for (int nonce = 0; nonce < count; nonce++) {
      mempoolA.tell(new Mempool.Submit(transfer(nonce), client.getRef()));
    }
    for (int answered = 0; answered < count; answered++) {
      final Mempool.SubmitResult result = client.receiveMessage(WAIT);
      assertTrue(result instanceof Mempool.Accepted, result.toString());
      final Mempool.Accepted accepted = (Mempool.Accepted) result;
      assertTrue(
          chainB.resources.poolStore().transactions().stream()
              .anyMatch(tx -> tx.hash().equals(accepted.hash())),
          "node B's store holds " + accepted.hash() + " when node A's client hears of it");
    }
  }

  @Test
  void aNodeAloneAnswersAtOnceAndSaysSo() {
    nodeA = ActorTestKit.create("amchain", clusterConfig());
    final Cluster a = Cluster.get(nodeA.system());
    a.manager().tell(Join.create(a.selfMember().address()));
    chainA = new TestChain(dir.resolve("a"));
    final ActorRef<Mempool.Command> mempoolA = node(nodeA, mempool(nodeA, chainA));
    awaitPeers(nodeA, mempoolA, 0);

    final Transaction tx = transfer(0);
    final TestProbe<Mempool.SubmitResult> client = nodeA.createTestProbe();
    mempoolA.tell(new Mempool.Submit(tx, client.getRef()));
    // At once: well inside the replication bound a waiting client would be held for.
    assertEquals(
        new Mempool.Accepted(tx.hash()), client.receiveMessage(REPLICATION_TIMEOUT.dividedBy(2)));
  }

  /** The next batch handed to a probe mempool, past the peer counts its gossip reports. */
  private static Mempool.Receive receive(final TestProbe<Mempool.Command> mempool) {
    while (true) {
      if (mempool.receiveMessage(WAIT) instanceof Mempool.Receive receive) {
        return receive;
      }
    }
  }
}
