package io.amchain.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
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
import io.amchain.ledger.pool.TxPool;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import java.io.IOException;
import java.math.BigInteger;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

  @Option(
      names = "--rpc-host",
      description = "address JSON-RPC binds (default 127.0.0.1; 0.0.0.0 for every interface)")
  @Nullable String rpcHost;

  @Option(
      names = "--rpc-cors",
      split = ",",
      description = "origins browsers may call JSON-RPC from, comma-separated (\"*\": any)")
  @Nullable List<String> rpcCors;

  @Option(
      names = "--rpc-vhosts",
      split = ",",
      description =
          "Host header names JSON-RPC serves besides its bind address, comma-separated"
              + " (default localhost,127.0.0.1,[::1]; \"*\": any)")
  @Nullable List<String> rpcVhosts;

  @Option(
      names = "--rpc-api",
      split = ",",
      description =
          "JSON-RPC namespaces served, comma-separated, of eth,net,web3,clique,txpool,admin,debug"
              + " (default eth,net,web3,clique,txpool)")
  @Nullable List<String> rpcApi;

  @Option(
      names = "--rpc-logs-limit",
      description = "most logs one eth_getLogs answers with (default 10000)")
  @Nullable Integer rpcLogsLimit;

  @Option(
      names = "--rpc-max-filters",
      description = "most polling filters installed at once, all clients (default 10000)")
  @Nullable Integer rpcMaxFilters;

  @Option(
      names = "--rpc-max-subscriptions",
      description = "most subscriptions one WebSocket connection holds (default 128)")
  @Nullable Integer rpcMaxSubscriptions;

  @Option(
      names = "--rpc-max-connections",
      description = "most WebSocket connections open at once (default 1000)")
  @Nullable Integer rpcMaxConnections;

  @Option(
      names = "--rpc-max-response-size",
      description = "largest JSON-RPC response in bytes, a whole batch included (default 25000000)")
  @Nullable Long rpcMaxResponseSize;

  @Option(names = "--log-level", description = "ERROR, WARN, INFO (default), DEBUG or TRACE")
  @Nullable String logLevel;

  @Option(
      names = "--log-format",
      description = "text (default) or json: one JSON object a line, for log collectors")
  @Nullable String logFormat;

  @Option(
      names = "--metrics",
      negatable = true,
      description =
          "serve Prometheus metrics at /metrics on the management port (default on;"
              + " --no-metrics: off)")
  @Nullable Boolean metrics;

  @Option(
      names = "--discovery",
      description =
          "how the node finds its peers: seeds (default: --seed), config (Cluster Bootstrap on"
              + " amchain.cluster.discovery-endpoints) or kubernetes-api (Cluster Bootstrap on"
              + " the pods' labels)")
  @Nullable String discovery;

  @Option(
      names = "--journal",
      description =
          "where the chain's journal goes: h2 (default, in the data directory) or cassandra")
  @Nullable String journal;

  @Option(
      names = "--cassandra-contact-points",
      split = ",",
      description = "Cassandra nodes, host:port,... (default 127.0.0.1:19042)")
  @Nullable List<String> cassandraContactPoints;

  @Option(
      names = "--cassandra-keyspace",
      description = "this node's Cassandra keyspace (default amchain)")
  @Nullable String cassandraKeyspace;

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

  @Option(
      names = "--txpool.pricelimit",
      description =
          "least tip (legacy: gas price) in wei a transaction must offer (default 1000000000)")
  @Nullable String txpoolPriceLimit;

  @Option(
      names = "--txpool.accountslots",
      description = "transactions one sender may have pooled (default 4096)")
  @Nullable Integer txpoolAccountSlots;

  @Option(
      names = "--txpool.globalslots",
      description = "transactions the pool holds in all (default 65536)")
  @Nullable Integer txpoolGlobalSlots;

  @Option(
      names = "--txpool.globalbytes",
      description = "encoded bytes the pool holds in all (default 33554432, 32 MiB)")
  @Nullable Long txpoolGlobalBytes;

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

  /** The environment variables a node reads, for containers that set no flags. */
  private static final Map<String, String> ENVIRONMENT =
      Map.ofEntries(
          Map.entry("AMCHAIN_DATADIR", "amchain.datadir"),
          Map.entry("AMCHAIN_NODE_ID", "amchain.node-id"),
          Map.entry("AMCHAIN_P2P_PORT", "pekko.remote.artery.canonical.port"),
          Map.entry("AMCHAIN_P2P_HOST", "pekko.remote.artery.canonical.hostname"),
          Map.entry("AMCHAIN_P2P_BIND_HOST", "pekko.remote.artery.bind.hostname"),
          Map.entry("AMCHAIN_MANAGEMENT_HOST", "pekko.management.http.hostname"),
          Map.entry("AMCHAIN_MANAGEMENT_BIND_HOST", "pekko.management.http.bind-hostname"),
          Map.entry("AMCHAIN_DISCOVERY", "amchain.cluster.discovery"),
          Map.entry("AMCHAIN_DISCOVERY_SERVICE", "amchain.cluster.discovery-service"),
          Map.entry(
              "AMCHAIN_DISCOVERY_POD_LABEL_SELECTOR",
              "pekko.discovery.kubernetes-api.pod-label-selector"),
          Map.entry("AMCHAIN_REQUIRED_CONTACT_POINTS", "amchain.cluster.required-contact-points"),
          Map.entry("AMCHAIN_CLUSTER_DOWNING", "amchain.cluster.downing"),
          Map.entry("AMCHAIN_LOG_LEVEL", "amchain.log-level"),
          Map.entry("AMCHAIN_LOG_FORMAT", "amchain.log-format"),
          Map.entry("AMCHAIN_METRICS", "amchain.metrics.enabled"),
          Map.entry("AMCHAIN_JOURNAL", "amchain.journal"),
          Map.entry("AMCHAIN_CASSANDRA_KEYSPACE", "amchain.cassandra.keyspace"),
          Map.entry("AMCHAIN_CASSANDRA_LOCAL_DATACENTER", "amchain.cassandra.local-datacenter"),
          Map.entry("AMCHAIN_CASSANDRA_CREATE_SCHEMA", "amchain.cassandra.create-schema"),
          Map.entry(
              "AMCHAIN_CASSANDRA_REPLICATION_STRATEGY", "amchain.cassandra.replication-strategy"),
          Map.entry("AMCHAIN_CASSANDRA_REPLICATION_FACTOR", "amchain.cassandra.replication-factor"),
          Map.entry("AMCHAIN_CASSANDRA_USERNAME", "amchain.cassandra.username"),
          Map.entry("AMCHAIN_CASSANDRA_PASSWORD_FILE", "amchain.cassandra.password-file"),
          Map.entry("AMCHAIN_RPC_PORT", "amchain.rpc.port"),
          Map.entry("AMCHAIN_RPC_HOST", "amchain.rpc.host"),
          Map.entry("AMCHAIN_RPC_TOKEN", "amchain.rpc.bearer-token"),
          Map.entry("AMCHAIN_RPC_LOGS_LIMIT", "amchain.rpc.logs-limit"),
          Map.entry("AMCHAIN_RPC_MAX_FILTERS", "amchain.rpc.max-filters"),
          Map.entry(
              "AMCHAIN_RPC_MAX_SUBSCRIPTIONS", "amchain.rpc.max-subscriptions-per-connection"),
          Map.entry("AMCHAIN_RPC_MAX_CONNECTIONS", "amchain.rpc.max-connections"),
          Map.entry("AMCHAIN_RPC_MAX_RESPONSE_SIZE", "amchain.rpc.max-response-size"),
          Map.entry("AMCHAIN_MANAGEMENT_PORT", "pekko.management.http.port"),
          Map.entry("AMCHAIN_SIGNER_KEYSTORE", "amchain.signer.keystore"),
          Map.entry("AMCHAIN_PASSWORD_FILE", "amchain.signer.password-file"),
          Map.entry("AMCHAIN_PLATFORM_MANIFEST", "amchain.platform.manifest"),
          Map.entry("AMCHAIN_TXPOOL_PRICELIMIT", "amchain.mempool.price-limit"),
          Map.entry("AMCHAIN_TXPOOL_ACCOUNTSLOTS", "amchain.mempool.max-per-sender"),
          Map.entry("AMCHAIN_TXPOOL_GLOBALSLOTS", "amchain.mempool.max-total"),
          Map.entry("AMCHAIN_TXPOOL_GLOBALBYTES", "amchain.mempool.max-bytes"));

  @Override
  public Integer call() throws InterruptedException {
    final Config settings = load();
    // logback.xml reads them; set before the first logger exists, which is the actor system's.
    System.setProperty("amchain.log-level", settings.getString("amchain.log-level"));
    System.setProperty("amchain.log-format", logFormat(settings.getString("amchain.log-format")));
    final Logger log = LoggerFactory.getLogger(NodeCommand.class);
    final Path dataDir = Path.of(settings.getString("amchain.datadir")).toAbsolutePath();
    final RpcConfig rpc = rpcConfig(settings);
    // Set once the process is told to stop (SIGTERM, Ctrl-C): a downed node then does not restart.
    final AtomicBoolean stopping = new AtomicBoolean();
    final AtomicInteger exitCode = new AtomicInteger(1);
    final CountDownLatch closed = new CountDownLatch(1);
    try {
      try (DataDir dir = DataDir.open(dataDir)) {
        final NodeGuardian.Settings nodeSettings = nodeSettings(settings, dir.genesis.gasLimit());
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(() -> endOnceClosed(stopping, closed, exitCode), "amchain-stop"));
        // The fallback recovers senders several times slower: the log says which one is used.
        log.info("secp256k1: {}", Secp256k1.get().getClass().getSimpleName());
        try {
          exitCode.set(runUntilStopped(dir, settings, nodeSettings, rpc, stopping, log));
        } finally {
          // After the last actor system: its Chain actor was the journal's only writer.
          JournalConfig.closeJournal(settings);
        }
      }
      log.info(
          "stores closed (RocksDB state/chain and state/trie, the journal); exit {}", exitCode);
      return exitCode.get();
    } catch (RuntimeException | Error e) {
      // Logged here: a signal's shutdown hook ends the process as soon as the latch opens, before
      // the command line could print it.
      log.error("amchain node stopped on an error", e);
      throw e;
    } finally {
      closed.countDown();
    }
  }

  /**
   * The JVM's shutdown hook for a node told to stop by a signal: the hooks do not wait for the main
   * thread, so without this one the JVM could end while RocksDB is still being closed. It waits
   * until the node has closed its stores, then ends the process with the node's own exit code (0
   * after a clean stop) instead of the 143 the JVM reports for SIGTERM: Kubernetes and systemd stop
   * services with SIGTERM, and a clean stop is not a failure. The other hooks have nothing left to
   * do by then: the actor systems (CoordinatedShutdown's hook) have terminated and H2 is closed. A
   * hook started by the node's own {@code System.exit}, after it closed everything, leaves that
   * exit code alone.
   */
  private static void endOnceClosed(
      final AtomicBoolean stopping, final CountDownLatch closed, final AtomicInteger exitCode) {
    if (closed.getCount() == 0) {
      return;
    }
    stopping.set(true);
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Runtime.getRuntime().halt(exitCode.get());
  }

  /**
   * Runs the node's actor system until it stops and returns the exit code. A node the cluster
   * downed (a healed partition) starts a fresh actor system on the same stores and rejoins, which
   * is why the stores are closed here, after the last one, and not by a CoordinatedShutdown task.
   */
  private static int runUntilStopped(
      final DataDir dir,
      final Config settings,
      final NodeGuardian.Settings nodeSettings,
      final RpcConfig rpc,
      final AtomicBoolean stopping,
      final Logger log) {
    while (true) {
      final ActorSystem<NodeGuardian.Command> system =
          ActorSystem.create(
              NodeGuardian.create(dir.resources(), nodeSettings), "amchain", settings);
      // Registered before anything can block: a node stopped while starting must still stop.
      Runtime.getRuntime().addShutdownHook(new Thread(system::terminate));
      PekkoManagement.get(system).start();
      if (!settings.getString("amchain.cluster.discovery").equals("seeds")) {
        ClusterBootstrap.get(system).start();
      }
      final NodeGuardian.Actors actors =
          AskPattern.<NodeGuardian.Command, NodeGuardian.Actors>ask(
                  system, NodeGuardian.GetActors::new, STARTUP_TIMEOUT, system.scheduler())
              .toCompletableFuture()
              .join();
      NodeMetrics.get(system).attach(dir.resources(), actors);
      final JsonRpcServer server =
          JsonRpcServer.start(
                  system,
                  new ActorBackend(
                      system,
                      dir.resources(),
                      actors,
                      nodeSettings.nodeId(),
                      rpc.requestTimeout(),
                      nodeSettings.poolLimits().minGasPrice()),
                  rpc)
              .toCompletableFuture()
              .orTimeout(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .join();
      log.info("JSON-RPC on http://{}:{}", rpc.host(), server.address().getPort());
      log.info("JSON-RPC access: {}", rpc.accessSummary());
      // Unbound in CoordinatedShutdown's first phases, before the cluster leave and the actors
      // stop: open calls get their answer, and once the system is gone there is nothing left to
      // unbind with (closing the server after it failed the stop).
      CoordinatedShutdown.get(system)
          .addTask(CoordinatedShutdown.PhaseServiceUnbind(), "amchain-json-rpc", server::stop);
      system.getWhenTerminated().toCompletableFuture().join();
      final Optional<CoordinatedShutdown.Reason> reason =
          CoordinatedShutdown.get(system).getShutdownReason();
      if (reason.isPresent() && reason.get().equals(NodeGuardian.CHAIN_STOPPED)) {
        log.error("amchain node: the chain stopped; its log says why");
        return 1;
      }
      if (stopping.get()
          || reason.isEmpty()
          || !reason.get().equals(CoordinatedShutdown.clusterDowningReason())) {
        return 0;
      }
      log.warn("the cluster downed this node; restarting its actor system");
    }
  }

  private Config load() {
    final Map<String, Object> flags = new HashMap<>();
    putIfSet(flags, "amchain.datadir", datadir == null ? null : datadir.toString());
    putIfSet(flags, "amchain.node-id", nodeId);
    putIfSet(flags, "pekko.remote.artery.canonical.port", p2pPort);
    putIfSet(flags, "amchain.rpc.port", rpcPort);
    putIfSet(flags, "pekko.management.http.port", managementPort);
    putIfSet(flags, "amchain.rpc.host", rpcHost);
    putIfSet(flags, "amchain.log-level", logLevel);
    putIfSet(flags, "amchain.log-format", logFormat);
    putIfSet(flags, "amchain.metrics.enabled", metrics);
    putIfSet(flags, "amchain.cluster.discovery", discovery);
    putIfSet(flags, "amchain.journal", journal);
    putIfSet(flags, "amchain.cassandra.keyspace", cassandraKeyspace);
    if (cassandraContactPoints != null) {
      flags.put("amchain.cassandra.contact-points", cassandraContactPoints);
    }
    if (rpcCors != null) {
      flags.put("amchain.rpc.cors-allowed-origins", rpcCors);
    }
    if (rpcVhosts != null) {
      flags.put("amchain.rpc.vhosts", rpcVhosts);
    }
    if (rpcApi != null) {
      flags.put("amchain.rpc.api", rpcApi);
    }
    putIfSet(flags, "amchain.rpc.logs-limit", rpcLogsLimit);
    putIfSet(flags, "amchain.rpc.max-filters", rpcMaxFilters);
    putIfSet(flags, "amchain.rpc.max-subscriptions-per-connection", rpcMaxSubscriptions);
    putIfSet(flags, "amchain.rpc.max-connections", rpcMaxConnections);
    putIfSet(flags, "amchain.rpc.max-response-size", rpcMaxResponseSize);
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
    putIfSet(flags, "amchain.mempool.price-limit", txpoolPriceLimit);
    putIfSet(flags, "amchain.mempool.max-per-sender", txpoolAccountSlots);
    putIfSet(flags, "amchain.mempool.max-total", txpoolGlobalSlots);
    putIfSet(flags, "amchain.mempool.max-bytes", txpoolGlobalBytes);
    final Map<String, Object> environment = new HashMap<>();
    ENVIRONMENT.forEach((variable, path) -> putIfSet(environment, path, System.getenv(variable)));
    putListIfSet(environment, "amchain.seeds", System.getenv("AMCHAIN_SEEDS"));
    putListIfSet(
        environment,
        "amchain.cluster.discovery-endpoints",
        System.getenv("AMCHAIN_DISCOVERY_ENDPOINTS"));
    putListIfSet(
        environment, "amchain.rpc.cors-allowed-origins", System.getenv("AMCHAIN_RPC_CORS"));
    putListIfSet(environment, "amchain.rpc.vhosts", System.getenv("AMCHAIN_RPC_VHOSTS"));
    putListIfSet(environment, "amchain.rpc.api", System.getenv("AMCHAIN_RPC_API"));
    putListIfSet(
        environment,
        "amchain.cassandra.contact-points",
        System.getenv("AMCHAIN_CASSANDRA_CONTACT_POINTS"));
    putListIfSet(
        environment,
        "amchain.cassandra.data-center-replication-factors",
        System.getenv("AMCHAIN_CASSANDRA_DATA_CENTER_REPLICATION_FACTORS"));
    Config merged = ConfigFactory.parseMap(flags).withFallback(ConfigFactory.parseMap(environment));
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new CliException("no configuration file " + config);
      }
      merged = merged.withFallback(ConfigFactory.parseFile(config.toFile()));
    }
    merged = merged.withFallback(ConfigFactory.parseResources("application.conf"));
    final Path dataDir = Path.of(merged.getString("amchain.datadir")).toAbsolutePath();
    // A node holding a signer key takes the role "signer"; one without seals nothing: "replica".
    final String role =
        merged.getString("amchain.signer.keystore").isBlank() ? "replica" : "signer";
    final Map<String, Object> derived = new HashMap<>();
    derived.put("amchain.datadir", dataDir.toString());
    derived.put("pekko.cluster.roles", List.of(role));
    derived.put("pekko.loglevel", pekkoLogLevel(merged.getString("amchain.log-level")));
    derived.putAll(discoverySettings(merged));
    derived.putAll(metricsSettings(merged));
    derived.putAll(downingSettings(merged.getString("amchain.cluster.downing")));
    derived.putAll(JournalConfig.pekkoSettings(merged, System.getenv()));
    return ConfigFactory.load(ConfigFactory.parseMap(derived).withFallback(merged));
  }

  /**
   * How the node finds its peers. {@code seeds}: Artery addresses given by the operator (the
   * devnet's way), a node without any joins itself. {@code config} and {@code kubernetes-api}:
   * Pekko Cluster Bootstrap, which asks the management endpoints that discovery names whether a
   * cluster exists, joins it, or forms one once the required number of contact points agree; {@code
   * config} names those endpoints in the configuration (processes on one host, the
   * pods-as-processes test), {@code kubernetes-api} lists the pods that carry the cluster label.
   */
  private static Map<String, Object> discoverySettings(final Config merged) {
    final String method = merged.getString("amchain.cluster.discovery");
    final String bootstrap = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    final Map<String, Object> settings = new HashMap<>();
    switch (method) {
      case "seeds" -> {
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
        settings.put("pekko.cluster.seed-nodes", seedNodes);
      }
      case "config" -> {
        final List<Map<String, Object>> endpoints = new ArrayList<>();
        for (final String endpoint : merged.getStringList("amchain.cluster.discovery-endpoints")) {
          endpoints.add(hostAndPort(endpoint, "amchain.cluster.discovery-endpoints"));
        }
        if (endpoints.isEmpty()) {
          throw new CliException(
              "discovery \"config\" needs amchain.cluster.discovery-endpoints"
                  + " (AMCHAIN_DISCOVERY_ENDPOINTS=host:port,...): the peers' management addresses");
        }
        settings.put(
            "pekko.discovery.config.services."
                + merged.getString("amchain.cluster.discovery-service")
                + ".endpoints",
            endpoints);
        // Several nodes on one host differ by port only: keep every discovered port.
        settings.put(
            "pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port", false);
      }
      case "kubernetes-api" -> settings.put(bootstrap + "port-name", "management");
      default ->
          throw new CliException(
              "unknown discovery \"" + method + "\": seeds, config or kubernetes-api");
    }
    if (!method.equals("seeds")) {
      settings.put("pekko.cluster.seed-nodes", List.of());
      settings.put(bootstrap + "discovery-method", method);
    }
    return settings;
  }

  /**
   * {@code unreachable}: AMChain's own rule (UnreachableDowning, decision 21), for processes that
   * restart themselves. {@code split-brain-resolver}: Pekko's keep-majority among the signers
   * (application.conf), for Kubernetes, where docs/kubernetes.md says why.
   */
  private static Map<String, Object> downingSettings(final String downing) {
    return switch (downing) {
      case "unreachable" -> Map.of();
      case "split-brain-resolver" ->
          Map.of(
              "pekko.cluster.downing-provider-class",
              "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
      default ->
          throw new CliException(
              "unknown downing \"" + downing + "\": unreachable or split-brain-resolver");
    };
  }

  private static Map<String, Object> hostAndPort(final String endpoint, final String setting) {
    final String text = endpoint.strip();
    final int colon = text.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      final int port = Integer.parseInt(text.substring(colon + 1));
      return Map.of("host", text.substring(0, colon), "port", port);
    } catch (NumberFormatException e) {
      throw new CliException(setting + ": \"" + text + "\" is not host:port");
    }
  }

  /**
   * {@code amchain.metrics.enabled = false} removes the {@code /metrics} route from the management
   * port (Pekko Management skips a route provider named by an empty string); {@code /alive}, {@code
   * /ready} and the cluster routes stay.
   */
  private static Map<String, Object> metricsSettings(final Config merged) {
    final boolean enabled;
    try {
      enabled = merged.getBoolean("amchain.metrics.enabled");
    } catch (ConfigException.WrongType e) {
      throw new CliException(
          "amchain.metrics.enabled (AMCHAIN_METRICS, --metrics/--no-metrics) must be true or"
              + " false");
    }
    return enabled ? Map.of() : Map.of("pekko.management.http.routes.amchain-metrics", "");
  }

  /** The logback appender's name, checked (logback.xml names one per format). */
  private static String logFormat(final String format) {
    final String name = format.strip().toLowerCase(java.util.Locale.ROOT);
    if (!name.equals("text") && !name.equals("json")) {
      throw new CliException("unknown log format \"" + format + "\": text or json");
    }
    return name;
  }

  /** Logback's level name, checked, also as Pekko's (which says WARNING and has no TRACE). */
  private static String pekkoLogLevel(final String level) {
    return switch (level.strip().toUpperCase(java.util.Locale.ROOT)) {
      case "ERROR" -> "ERROR";
      case "WARN" -> "WARNING";
      case "INFO" -> "INFO";
      case "DEBUG", "TRACE" -> "DEBUG";
      default ->
          throw new CliException(
              "unknown log level \"" + level + "\": ERROR, WARN, INFO, DEBUG or TRACE");
    };
  }

  /** The JSON-RPC settings; a value the server cannot take is the operator's error, not a crash. */
  private static RpcConfig rpcConfig(final Config settings) {
    try {
      return RpcConfig.fromConfig(settings);
    } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
      throw new CliException("invalid JSON-RPC setting: " + e.getMessage());
    }
  }

  private static void putListIfSet(
      final Map<String, Object> map, final String path, final @Nullable String commaSeparated) {
    if (commaSeparated != null && !commaSeparated.isBlank()) {
      map.put(path, List.of(commaSeparated.split(",")));
    }
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
        poolLimits(amchain.getConfig("mempool"), gasLimit),
        new Sync.Settings(
            amchain.getDuration("sync.interval"),
            amchain.getInt("sync.batch-size"),
            amchain.getInt("sync.max-response-bytes")),
        platform(amchain.getConfig("platform")));
  }

  /** The pool's bounds; a bad value is a CLI error naming the setting, not a stack trace. */
  private static TxPool.Limits poolLimits(final Config mempool, final long gasLimit) {
    final String priceLimit = mempool.getString("price-limit").strip();
    final UInt256 minTip;
    try {
      minTip = UInt256.of(new BigInteger(priceLimit));
    } catch (IllegalArgumentException e) {
      throw new CliException(
          "amchain.mempool.price-limit (--txpool.pricelimit) \""
              + priceLimit
              + "\" is not a non-negative whole number of wei");
    }
    try {
      return new TxPool.Limits(
          mempool.getInt("max-per-sender"),
          mempool.getInt("max-total"),
          mempool.getLong("max-bytes"),
          gasLimit,
          minTip,
          TxPool.Limits.DEFAULT.priceBumpPercent());
    } catch (IllegalArgumentException | ConfigException e) {
      throw new CliException("amchain.mempool: " + e.getMessage());
    }
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
