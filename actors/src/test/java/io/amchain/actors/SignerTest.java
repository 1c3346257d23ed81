package io.amchain.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.amchain.actors.builder.BlockBuilder;
import io.amchain.actors.chain.Chain;
import io.amchain.actors.gossip.Gossip;
import io.amchain.actors.signer.Signer;
import io.amchain.actors.tally.VoteTally;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.state.RocksDbNodeStore;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.types.Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sealing round's protocol, with the builder played by a probe. */
class SignerTest {

  /**
   * A builder that does not answer in time (a node under load) fails the round; the signer starts
   * it again on the same head, or the chain would stop once every signer's round had failed.
   */
  @Test
  void aRoundWhoseBuilderDoesNotAnswerIsStartedAgain(@TempDir final Path dir) {
    final PrivateKey key = PrivateKey.generate();
    final List<Address> signers = List.of(key.publicKey().address());
    final Genesis genesis =
        TestNode.genesis(signers, signers, 1, System.currentTimeMillis() / 1000);
    final ActorTestKit kit =
        ActorTestKit.create(
            ConfigFactory.parseString(
                    """
                    pekko.actor.provider = cluster
                    pekko.remote.artery.canonical.hostname = "127.0.0.1"
                    pekko.remote.artery.canonical.port = 0
                    pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                    """)
                .withFallback(ConfigFactory.load()));
    try (ChainStore chain = ChainStore.open(dir.resolve("chain"));
        RocksDbNodeStore state = RocksDbNodeStore.open(dir.resolve("trie"))) {
      final NodeResources resources = new NodeResources(genesis, chain, state);
      resources.importer(() -> 0).initialize(genesis.build(state));
      final Cluster cluster = Cluster.get(kit.system());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      final TestProbe<BlockBuilder.Command> builder = kit.createTestProbe();
      kit.spawn(
          Signer.create(
              resources,
              key,
              kit.spawn(VoteTally.create(resources)),
              builder.ref(),
              kit.<Chain.Command>createTestProbe().ref(),
              kit.<Gossip.Command>createTestProbe().ref()));

      final BlockBuilder.Build first =
          builder.expectMessageClass(BlockBuilder.Build.class, Duration.ofSeconds(20));
      // Not answered: the signer's ask times out, and the round starts again on the same head.
      final BlockBuilder.Build again =
          builder.expectMessageClass(BlockBuilder.Build.class, Duration.ofSeconds(20));
      assertEquals(first.parent().hash(), again.parent().hash());
      assertEquals(genesis.build(state).hash(), again.parent().hash());
    } finally {
      kit.shutdownTestKit();
    }
  }
}
