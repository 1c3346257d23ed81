package io.amchain.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.amchain.actors.mempool.TxPool;
import io.amchain.actors.node.NodeGuardian;
import io.amchain.actors.platform.MinerSetFollower;
import io.amchain.actors.sync.Sync;
import io.amchain.api.ActorBackend;
import io.amchain.api.metrics.NodeMetrics;
import io.amchain.api.rpc.RpcConfig;
import io.amchain.api.rpc.server.JsonRpcServer;
import io.amchain.ledger.crypto.KeyFile;
import io.amchain.ledger.crypto.KeystoreException;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.crypto.Secp256k1;
import io.amchain.ledger.types.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "node",
    description = {
      "Run a node: a member of the signer cluster, with its journal and state in the data"
          + " directory.",
      "Configuration: built-in defaults, then --config FILE, then AMCHAIN_* environment"
          + " variables, then these flags."
    })
final class NodeCommand implements Callable<Integer> {

  @Option(names = "--config", description = "HOCON file with the node's settings")
  @Nullable Path config;

  @Option(names = "--datadir", description = "data directory (created by amchain init)")
  @Nullable Path datadir;

  @Option(names = "--node-id", description = "this node's name in the cluster")
  @Nullable String nodeId;

  @Option(names = "--p2p-port", description = "Artery TCP port (default 25520)")
  @Nullable Integer p2pPort;

  @Option(names = "--rpc-port", description = "JSON-RPC port (default 8545)")
  @Nullable Integer rpcPort;

  @Option(names = "--management-port", description = "Pekko Management port (default 8558)")
  @Nullable Integer managementPort;

  @Option(names = "--seed", description = "another node's Artery address host:port (repeatable)")
  @Nullable List<String> seeds;

  @Option(names = "--signer-keystore", description = "keystore file of the signer key")
  @Nullable Path signerKeystore;

  @Option(names = "--password-file", description = "file holding the keystore's password")
  @Nullable Path passwordFile;

  @Option(
      names = "--platform-manifest",
      description =
          "the platform's deployment manifest (platform.json): this node's Clique votes follow"
              + " its MemberRegistry's MINER set (read when the file appears)")
  @Nullable Path platformManifest;

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

  /** The environment variables a node reads, for containers that set no flags. */
  private static final Map<String, String> ENVIRONMENT =
      Map.ofEntries(
          Map.entry("AMCHAIN_DATADIR", "amchain.datadir"),
          Map.entry("AMCHAIN_NODE_ID", "amchain.node-id"),
          Map.entry("AMCHAIN_P2P_PORT", "pekko.remote.artery.canonical.port"),
          Map.entry("AMCHAIN_P2P_HOST", "pekko.remote.artery.canonical.hostname"),
          Map.entry("AMCHAIN_RPC_PORT", "amchain.rpc.port"),
          Map.entry("AMCHAIN_RPC_HOST", "amchain.rpc.host"),
          Map.entry("AMCHAIN_RPC_TOKEN", "amchain.rpc.bearer-token"),
          Map.entry("AMCHAIN_MANAGEMENT_PORT", "pekko.management.http.port"),
          Map.entry("AMCHAIN_SIGNER_KEYSTORE", "amchain.signer.keystore"),
          Map.entry("AMCHAIN_PASSWORD_FILE", "amchain.signer.password-file"),
          Map.entry("AMCHAIN_PLATFORM_MANIFEST", "amchain.platform.manifest"));

  @Override
  public Integer call() throws InterruptedException {
    final Config settings = load();
    final Path dataDir = Path.of(settings.getString("amchain.datadir")).toAbsolutePath();
    try (DataDir dir = DataDir.open(dataDir)) {
      final NodeGuardian.Settings nodeSettings = nodeSettings(settings, dir.genesis.gasLimit());
      final CountDownLatch stopped = new CountDownLatch(1);
      final boolean[] stopping = {false};
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stopping[0] = true;
                    try {
                      stopped.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      // The fallback recovers senders several times slower: the log says which one this node uses.
      System.out.println("secp256k1: " + Secp256k1.get().getClass().getSimpleName());
      try {
        // A node the cluster downed (a healed partition) starts a fresh actor system and rejoins.
        while (true) {
          final ActorSystem<NodeGuardian.Command> system =
              ActorSystem.create(
                  NodeGuardian.create(dir.resources(), nodeSettings), "amchain", settings);
          // Registered before anything can block: a node stopped while starting must still stop.
          Runtime.getRuntime().addShutdownHook(new Thread(system::terminate));
          PekkoManagement.get(system).start();
          final NodeGuardian.Actors actors =
              AskPattern.<NodeGuardian.Command, NodeGuardian.Actors>ask(
                      system, NodeGuardian.GetActors::new, STARTUP_TIMEOUT, system.scheduler())
                  .toCompletableFuture()
                  .join();
          NodeMetrics.get(system).attach(dir.resources(), actors);
          final RpcConfig rpc = RpcConfig.fromConfig(settings);
          final JsonRpcServer server =
              JsonRpcServer.start(
                      system,
                      new ActorBackend(
                          system,
                          dir.resources(),
                          actors,
                          nodeSettings.nodeId(),
                          rpc.requestTimeout()),
                      rpc)
                  .toCompletableFuture()
                  .orTimeout(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                  .join();
          System.out.println("JSON-RPC on http://" + rpc.host() + ":" + server.address().getPort());
          system.getWhenTerminated().toCompletableFuture().join();
          server.close();
          final Optional<CoordinatedShutdown.Reason> reason =
              CoordinatedShutdown.get(system).getShutdownReason();
          if (stopping[0]
              || reason.isEmpty()
              || !reason.get().equals(CoordinatedShutdown.clusterDowningReason())) {
            return 0;
          }
          System.err.println("the cluster downed this node; restarting its actor system");
        }
      } finally {
        stopped.countDown();
      }
    }
  }

  private Config load() {
    final Map<String, Object> flags = new HashMap<>();
    putIfSet(flags, "amchain.datadir", datadir == null ? null : datadir.toString());
    putIfSet(flags, "amchain.node-id", nodeId);
    putIfSet(flags, "pekko.remote.artery.canonical.port", p2pPort);
    putIfSet(flags, "amchain.rpc.port", rpcPort);
    putIfSet(flags, "pekko.management.http.port", managementPort);
    putIfSet(
        flags,
        "amchain.signer.keystore",
        signerKeystore == null ? null : signerKeystore.toString());
    putIfSet(
        flags,
        "amchain.signer.password-file",
        passwordFile == null ? null : passwordFile.toString());
    putIfSet(
        flags,
        "amchain.platform.manifest",
        platformManifest == null ? null : platformManifest.toString());
    if (seeds != null) {
      flags.put("amchain.seeds", seeds);
    }
    final Map<String, Object> environment = new HashMap<>();
    ENVIRONMENT.forEach((variable, path) -> putIfSet(environment, path, System.getenv(variable)));
    final String seedList = System.getenv("AMCHAIN_SEEDS");
    if (seedList != null && !seedList.isBlank()) {
      environment.put("amchain.seeds", List.of(seedList.split(",")));
    }
    Config merged = ConfigFactory.parseMap(flags).withFallback(ConfigFactory.parseMap(environment));
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new CliException("no configuration file " + config);
      }
      merged = merged.withFallback(ConfigFactory.parseFile(config.toFile()));
    }
    merged = merged.withFallback(ConfigFactory.parseResources("application.conf"));
    final Path dataDir = Path.of(merged.getString("amchain.datadir")).toAbsolutePath();
    final List<String> seedNodes = new ArrayList<>();
    for (final String seed : merged.getStringList("amchain.seeds")) {
      seedNodes.add("pekko://amchain@" + seed.strip());
    }
    if (seedNodes.isEmpty()) {
      // No peers configured: a cluster of one, which the node forms by joining itself.
      seedNodes.add(
          "pekko://amchain@"
              + merged.getString("pekko.remote.artery.canonical.hostname")
              + ":"
              + merged.getInt("pekko.remote.artery.canonical.port"));
    }
    // A node holding a signer key takes the role "signer"; one without seals nothing: "replica".
    final String role =
        merged.getString("amchain.signer.keystore").isBlank() ? "replica" : "signer";
    merged =
        ConfigFactory.parseMap(
                Map.of(
                    "amchain.datadir",
                    dataDir.toString(),
                    "pekko.cluster.seed-nodes",
                    seedNodes,
                    "pekko.cluster.roles",
                    List.of(role)))
            .withFallback(merged);
    return ConfigFactory.load(merged);
  }

  private static void putIfSet(
      final Map<String, Object> map, final String path, final @Nullable Object value) {
    if (value != null && !value.toString().isBlank()) {
      map.put(path, value);
    }
  }

  private static NodeGuardian.Settings nodeSettings(final Config config, final long gasLimit) {
    final Config amchain = config.getConfig("amchain");
    return new NodeGuardian.Settings(
        amchain.getString("node-id"),
        signerKey(amchain.getConfig("signer")),
        amchain.getInt("chain.snapshot-every"),
        new TxPool.Limits(
            amchain.getInt("mempool.max-per-sender"),
            amchain.getInt("mempool.max-total"),
            gasLimit,
            TxPool.Limits.DEFAULT.minGasPrice(),
            TxPool.Limits.DEFAULT.priceBumpPercent()),
        new Sync.Settings(
            amchain.getDuration("sync.interval"),
            amchain.getInt("sync.batch-size"),
            amchain.getInt("sync.max-response-bytes")),
        platform(amchain.getConfig("platform")));
  }

  /** Where the MemberRegistry is: its address (which wins) or the manifest naming it. */
  private static MinerSetFollower.Settings platform(final Config platform) {
    final String registry = platform.getString("member-registry").strip();
    final String manifest = platform.getString("manifest").strip();
    try {
      return new MinerSetFollower.Settings(
          registry.isEmpty() ? Optional.empty() : Optional.of(Address.fromHex(registry)),
          manifest.isEmpty() ? Optional.empty() : Optional.of(Path.of(manifest).toAbsolutePath()));
    } catch (IllegalArgumentException e) {
      throw new CliException(
          "amchain.platform.member-registry \""
              + registry
              + "\" is not an address: "
              + e.getMessage());
    }
  }

  private static Optional<PrivateKey> signerKey(final Config signer) {
    final String keystore = signer.getString("keystore");
    if (keystore.isBlank()) {
      return Optional.empty();
    }
    final String passwordFile = signer.getString("password-file");
    final String password =
        Password.resolve(passwordFile.isBlank() ? null : Path.of(passwordFile), System.getenv());
    try {
      return Optional.of(KeyFile.decrypt(Files.readString(Path.of(keystore)), password));
    } catch (IOException e) {
      throw new CliException("cannot read the signer keystore " + keystore + ": " + e.getMessage());
    } catch (KeystoreException e) {
      throw new CliException("signer keystore " + keystore + ": " + e.getMessage());
    }
  }
}
