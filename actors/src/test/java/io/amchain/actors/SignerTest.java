package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.amchain.actors.builder.BlockBuilder;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.proposals.OwnProposals;
import io.amchain.actors.signer.Signer;
import io.amchain.consensus.clique.SealingIntent;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.state.RocksDbNodeStore;
import io.amchain.ledger.store.Storage;
import io.amchain.ledger.types.Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sealing round's protocol, with the builder and gossip played by probes. */
class SignerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private final ActorTestKit kit =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  """
                  pekko.actor.provider = cluster
                  pekko.remote.artery.canonical.hostname = "127.0.0.1"
                  pekko.remote.artery.canonical.port = 0
                  pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                  """)
              .withFallback(ConfigFactory.load()));
  private final TestProbe<BlockBuilder.Command> builder = kit.createTestProbe();
  private final TestProbe<Gossip.Command> gossip = kit.createTestProbe();
  private Storage storage;
  private RocksDbNodeStore state;
  private BlockHeader genesisHeader;

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
    storage.close();
  }

  /** Starts a signer with {@code key} on a fresh chain of {@code signers}, its cluster up. */
  private void startSigner(final PrivateKey key, final List<Address> signers, final long time) {
    final Genesis genesis = TestNode.genesis(signers, signers, 1, time);
    storage = Storage.open(dir);
    state = storage.stateStore();
    final NodeResources resources = new NodeResources(genesis, storage);
    final Block genesisBlock = genesis.build(state);
    genesisHeader = genesisBlock.header();
    resources.importer(() -> 0).initialize(genesisBlock);
    final Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    final TestProbe<Object> up = kit.createTestProbe();
    up.awaitAssert(
        WAIT,
        () -> {
          assertEquals(MemberStatus.up(), cluster.selfMember().status());
          return null;
        });
    final TestProbe<OwnProposals.Command> toProposals = kit.createTestProbe();
    kit.spawn(
        Signer.create(
            resources,
            key,
            kit.spawn(
                Behaviors.monitor(
                    OwnProposals.Command.class, toProposals.ref(), OwnProposals.create())),
            builder.ref(),
            kit.<Chain.Command>createTestProbe().ref(),
            gossip.ref()));
    // The signer subscribes to the event stream in its setup, before it asks to follow the
    // proposals: once that ask arrives, an event published from here reaches the signer.
    toProposals.expectMessageClass(OwnProposals.Follow.class, WAIT);
  }

  /** Publishes the intent as gossip does when it hears one from a peer. */
  private void hear(final SealingIntent intent) {
    kit.system().eventStream().tell(new EventStream.Publish<>(new Gossip.IntentHeard(intent)));
  }

  /** Three keys, ordered as Clique orders their addresses: block n is in turn for key n mod 3. */
  private static List<PrivateKey> threeSigners() {
    return Stream.generate(PrivateKey::generate)
        .limit(3)
        .sorted(Comparator.comparing(k -> k.publicKey().address()))
        .toList();
  }

  private static List<Address> addresses(final List<PrivateKey> keys) {
    return keys.stream().map(k -> k.publicKey().address()).toList();
  }

  /**
   * A builder that does not answer in time (a node under load) fails the round; the signer starts
   * it again on the same head, or the chain would stop once every signer's round had failed.
   */
  @Test
  void aRoundWhoseBuilderDoesNotAnswerIsStartedAgain() {
    final PrivateKey key = PrivateKey.generate();
    startSigner(key, List.of(key.publicKey().address()), System.currentTimeMillis() / 1000);

    // The only signer is always in turn: it has its builder prepare, then build.
    builder.expectMessageClass(BlockBuilder.Prepare.class, WAIT);
    final BlockBuilder.Build first = builder.expectMessageClass(BlockBuilder.Build.class, WAIT);
    // Not answered: the signer's ask times out, and the round starts again on the same head.
    builder.expectMessageClass(BlockBuilder.Prepare.class, WAIT);
    final BlockBuilder.Build again = builder.expectMessageClass(BlockBuilder.Build.class, WAIT);
    assertEquals(first.parent().hash(), again.parent().hash());
    assertEquals(genesisHeader.hash(), again.parent().hash());
  }

  @Test
  void anInTurnSignerPreparesItsBlockAndSaysItIsBuilding() {
    final List<PrivateKey> keys = threeSigners();
    startSigner(keys.get(1), addresses(keys), System.currentTimeMillis() / 1000 - 10);

    final Gossip.PublishIntent said = gossip.expectMessageClass(Gossip.PublishIntent.class, WAIT);
    assertEquals(genesisHeader.hash(), said.intent().parent());
    assertEquals(1, said.intent().number());
    assertEquals(keys.get(1).publicKey().address(), said.intent().signer().orElseThrow());
    final BlockBuilder.Prepare prepare =
        builder.expectMessageClass(BlockBuilder.Prepare.class, WAIT);
    final BlockBuilder.Build build = builder.expectMessageClass(BlockBuilder.Build.class, WAIT);
    assertEquals(prepare.parent().hash(), build.parent().hash());
    assertEquals(prepare.signer(), build.signer());
    assertEquals(prepare.timestamp(), build.timestamp());
  }

  /**
   * Out of turn, with the parent's time long past, the signer would build within its wiggle (under
   * a second for 3 signers); the in-turn signer's intent holds it back for two seconds, and only
   * delays it: no block came, so it builds after all.
   */
  @Test
  void anOutOfTurnSignerHoldsBackWhenTheInTurnSignerSaysItIsBuilding() {
    final List<PrivateKey> keys = threeSigners();
    startSigner(keys.get(0), addresses(keys), System.currentTimeMillis() / 1000 - 10);
    final long heard = System.nanoTime();
    hear(SealingIntent.sign(genesisHeader.hash(), 1, keys.get(1)));

    builder.expectNoMessage(Duration.ofMillis(1500));
    final BlockBuilder.Build build = builder.expectMessageClass(BlockBuilder.Build.class, WAIT);
    assertEquals(genesisHeader.hash(), build.parent().hash());
    assertTrue(Duration.ofNanos(System.nanoTime() - heard).toMillis() >= 1500);
    gossip.expectNoMessage(Duration.ZERO);
  }

  /**
   * An intent signed by a signer that is not in turn changes nothing: the build comes within the
   * wiggle (under a second), well before the two seconds a heeded intent would hold it back from
   * the last one heard.
   */
  @Test
  void anOutOfTurnSignerIgnoresAnIntentItShouldNotYieldTo() {
    final List<PrivateKey> keys = threeSigners();
    startSigner(keys.get(0), addresses(keys), System.currentTimeMillis() / 1000 - 10);
    hear(SealingIntent.sign(genesisHeader.hash(), 1, keys.get(2)));

    builder.expectMessageClass(BlockBuilder.Build.class, Duration.ofMillis(1700));
  }
}
