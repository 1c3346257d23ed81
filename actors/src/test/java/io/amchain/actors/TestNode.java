package io.amchain.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.amchain.actors.node.NodeGuardian;
import io.amchain.actors.sync.Sync;
import io.amchain.consensus.clique.SealingFixture;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.genesis.Genesis;
import io.amchain.ledger.pool.TxPool;
import io.amchain.ledger.state.RocksDbNodeStore;
import io.amchain.ledger.store.Storage;
import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;

/**
 * A whole node in this JVM: its own RocksDB stores, its own H2 journal and its own actor system on
 * a loopback port, joined to the others through seed nodes, as {@code amchain node} runs it.
 */
final class TestNode implements AutoCloseable {
  final Path home;
  final Genesis genesis;
  final int port;
  final List<Integer> seedPorts;
  final Optional<PrivateKey> key;
  private Storage storage;
  private RocksDbNodeStore state;
  private ActorSystem<NodeGuardian.Command> system;

  TestNode(
      final Path home,
      final Genesis genesis,
      final int port,
      final List<Integer> seedPorts,
      final Optional<PrivateKey> key) {
    this.home = home;
    this.genesis = genesis;
    this.port = port;
    this.seedPorts = List.copyOf(seedPorts);
    this.key = key;
    start();
  }

  void start() {
    storage = Storage.open(home.resolve("state"));
    state = storage.stateStore();
    final NodeResources resources = resources();
    resources.importer(() -> 0).initialize(genesis.build(state));
    system =
        ActorSystem.create(
            NodeGuardian.create(
                resources,
                new NodeGuardian.Settings(
                    "node-" + port,
                    key,
                    100,
                    TxPool.Limits.DEFAULT,
                    new Sync.Settings(Duration.ofMillis(500), 128, 4 << 20))),
            "amchain",
            config());
  }

  NodeResources resources() {
    return new NodeResources(genesis, storage);
  }

  BlockHeader head() {
    return resources().headHeader();
  }

  private Config config() {
    final String seeds =
        seedPorts.stream()
            .map(p -> "\"pekko://amchain@127.0.0.1:" + p + "\"")
            .collect(Collectors.joining(", "));
    final String journal = home.resolve("journal/h2").toAbsolutePath().toString();
    return ConfigFactory.parseString(
            String.join(
                "\n",
                "pekko.actor.provider = cluster",
                "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
                "pekko.remote.artery.canonical.port = " + port,
                "pekko.remote.artery.advanced.maximum-frame-size = 8MiB",
                "pekko.cluster.seed-nodes = [" + seeds + "]",
                "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
                "pekko.coordinated-shutdown.exit-jvm = off",
                "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
                "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
                "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
                "pekko.persistence.journal.plugin = \"jdbc-journal\"",
                "pekko.persistence.snapshot-store.plugin = \"jdbc-snapshot-store\"",
                "pekko-persistence-jdbc.shared-databases.slick.profile = \"slick.jdbc.H2Profile$\"",
                "pekko-persistence-jdbc.shared-databases.slick.db.url = \"jdbc:h2:file:"
                    + journal
                    + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0;INIT=RUNSCRIPT FROM 'classpath:h2-journal-schema.sql'\"",
                "pekko-persistence-jdbc.shared-databases.slick.db.driver = \"org.h2.Driver\"",
                "pekko-persistence-jdbc.shared-databases.slick.db.numThreads = 2",
                "pekko-persistence-jdbc.shared-databases.slick.db.maxConnections = 2",
                "jdbc-journal.use-shared-db = \"slick\"",
                "jdbc-snapshot-store.use-shared-db = \"slick\"",
                "jdbc-read-journal.use-shared-db = \"slick\""))
        .withFallback(ConfigFactory.load());
  }

  /**
   * The configuration of a test actor system that journals in memory, on the persistence testkit,
   * with events and snapshots serialized as a real journal would.
   */
  static Config inMemoryJournal() {
    return PersistenceTestKitPlugin.getInstance()
        .config()
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(
            ConfigFactory.parseString(
                """
                pekko.persistence.testkit.events.serialize = on
                pekko.persistence.testkit.snapshots.serialize = on
                amchain.read-journal = "pekko.persistence.testkit.query"
                """))
        .withFallback(ConfigFactory.load());
  }

  /** Stops the actor system and closes the stores, as a node process exits. */
  void stop() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    storage.close();
  }

  @Override
  public void close() {
    stop();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Clique genesis for {@code signers}, funding {@code funded}, with the given start time. */
  static Genesis genesis(
      final List<Address> signers, final List<Address> funded, final long period, final long time) {
    final List<String> alloc = new ArrayList<>();
    funded.forEach(a -> alloc.add("\"" + a.toHex() + "\":{\"balance\":\"0x21e19e0c9bab2400000\"}"));
    return Genesis.parse(
        "{\"config\":{\"chainId\":1337,\"homesteadBlock\":0,\"eip150Block\":0,\"eip155Block\":0,"
            + "\"eip158Block\":0,\"byzantiumBlock\":0,\"constantinopleBlock\":0,"
            + "\"petersburgBlock\":0,\"istanbulBlock\":0,\"berlinBlock\":0,\"londonBlock\":0,"
            + "\"clique\":{\"period\":"
            + period
            + ",\"epoch\":30000}},"
            + "\"timestamp\":\"0x"
            + Long.toHexString(time)
            + "\",\"extraData\":\""
            + SealingFixture.extraData(signers).toHex()
            + "\",\"gasLimit\":\"0x1c9c380\",\"difficulty\":\"0x1\",\"baseFeePerGas\":\"0x3b9aca00\","
            + "\"alloc\":{"
            + String.join(",", alloc)
            + "}}");
  }
}
