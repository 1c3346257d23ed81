package io.amchain.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.consensus.clique.Clique;
import io.amchain.contracts.Chain;
import io.amchain.contracts.MemberRegistry;
import io.amchain.contracts.MemberRegistry.Founder;
import io.amchain.contracts.PlatformContract;
import io.amchain.contracts.PlatformDeployer;
import io.amchain.contracts.PlatformException;
import io.amchain.contracts.PlatformManifest;
import io.amchain.contracts.TransactionSender;
import io.amchain.ledger.crypto.DevAccounts;
import io.amchain.ledger.crypto.KeyFile;
import io.amchain.ledger.crypto.Keystore;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "devnet",
    description = {
      "Start a local devnet: N signer nodes as separate processes on 127.0.0.1, keys from the"
          + " development mnemonic (the accounts Hardhat and Anvil use), chain id 1337.",
      "Once the chain seals it deploys the manufacturing platform (founders: the signers, each a"
          + " MINER sealing with its own address) and writes DATADIR/platform.json; --no-platform"
          + " skips that.",
      "Started again with the same data directory, it resumes the same chain and keeps its"
          + " platform. Ctrl-C stops every node."
    })
final class DevnetCommand implements Callable<Integer> {
  static final long CHAIN_ID = 1337;
  static final int FUNDED_ACCOUNTS = 10;
  static final int MAX_NODES = 13;

  /**
   * JVM options of every devnet node. A devnet runs all its nodes on one machine, often a small
   * one, where C2 recompiling the hot paths of Pekko, H2 and our own code cost three nodes a
   * quarter of all CPU even after a minute of load (per-thread CPU from /proc); C1's code is a
   * little slower but done compiling within seconds. A node run alone ({@code amchain node}) keeps
   * the JVM's default, tiered compilation. Later options win, so {@code AMCHAIN_NODE_JAVA_OPTS}
   * (space-separated) can undo or extend these.
   */
  private static final List<String> NODE_JVM_DEFAULTS =
      List.of("-Xmx768m", "-Xss4m", "-XX:TieredStopAtLevel=1");

  private static final List<String> NODE_JVM_OPTIONS =
      List.of(
              Objects.requireNonNullElse(System.getenv("AMCHAIN_NODE_JAVA_OPTS"), "")
                  .trim()
                  .split("\\s+"))
          .stream()
          .filter(option -> !option.isEmpty())
          .toList();

  private static final String PASSWORD = "devnet";
  private static final String BALANCE_WEI = "0x21e19e0c9bab2400000"; // 10,000 ether

  /** geth's floor for a block gas limit (params.MinGasLimit). */
  private static final long MIN_GAS_LIMIT = 5_000;

  @Option(names = "--signers", defaultValue = "3", description = "signer nodes (default 3)")
  int signers;

  @Option(names = "--period", defaultValue = "1", description = "block period in seconds")
  long period;

  @Option(
      names = "--datadir",
      defaultValue = "devnet-data",
      description = "where the devnet keeps its nodes (default devnet-data)")
  Path datadir;

  @Option(
      names = "--gas-limit",
      defaultValue = "60000000",
      description =
          "block gas limit of a new devnet's genesis, kept by every block (default 60000000: room"
              + " for 2,857 transfers a block)")
  long gasLimit;

  @Option(
      names = "--no-platform",
      description = "do not deploy the platform contracts (nor write platform.json)")
  boolean noPlatform;

  @Option(
      names = "--rpc-cors",
      split = ",",
      description =
          "origins browser pages may call the nodes from, comma-separated (\"*\": any; default:"
              + " pages on localhost only)")
  List<String> rpcCors = new ArrayList<>();

  /** Every namespace: a devnet is for developing against the whole API. */
  private static final String DEVNET_API = "eth,net,web3,clique,txpool,admin,debug";

  /** How long the nodes may take to come up and seal block 1: cold JVMs on a busy machine. */
  private static final Duration STARTUP_LIMIT = Duration.ofMinutes(3);

  /** Each node's bearer token for the JSON-RPC methods that change it (clique_propose). */
  private final List<String> tokens = new ArrayList<>();

  private static byte[] random(final int size) {
    final byte[] bytes = new byte[size];
    new java.security.SecureRandom().nextBytes(bytes);
    return bytes;
  }

  @Option(
      names = "--journal",
      defaultValue = "h2",
      description =
          "h2 (default: each node's journal in its data directory) or cassandra (each node in its"
              + " own keyspace, amchain_<devnet id>_node<i>; start one with deploy/local/cassandra)")
  String journal;

  @Option(
      names = "--cassandra-contact-points",
      defaultValue = "127.0.0.1:19042",
      description = "with --journal cassandra: host:port,... (default 127.0.0.1:19042)")
  String cassandraContactPoints;

  @Option(
      names = "--port-offset",
      defaultValue = "0",
      description =
          "added to every port (default 0: JSON-RPC 8545+i, management 8558+i, p2p 25520+i)")
  int portOffset;

  @Override
  public Integer call() throws InterruptedException {
    if (signers < 1 || signers > MAX_NODES) {
      throw new CliException("--signers must be between 1 and " + MAX_NODES);
    }
    if (portOffset < 0 || portOffset > 20_000) {
      throw new CliException("--port-offset must be between 0 and 20000");
    }
    if (period < 0) {
      throw new CliException("--period must not be negative");
    }
    if (gasLimit < MIN_GAS_LIMIT) {
      throw new CliException("--gas-limit must be at least " + MIN_GAS_LIMIT);
    }
    if (!journal.equals("h2") && !journal.equals("cassandra")) {
      throw new CliException("--journal must be h2 or cassandra, not \"" + journal + "\"");
    }
    final List<PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < Math.max(FUNDED_ACCOUNTS, signers); i++) {
      keys.add(DevAccounts.key(DevAccounts.MNEMONIC, i));
    }
    final Path genesis = datadir.toAbsolutePath().resolve("genesis.json");
    writeGenesisIfNew(genesis, keys);
    final List<Process> nodes = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(nodes)));
    for (int i = 0; i < signers; i++) {
      tokens.add(Bytes.wrap(random(32)).toHex().substring(2));
      nodes.add(startNode(i, genesis, keys.get(i)));
    }
    final PlatformManifest platform = noPlatform ? null : ensurePlatform(keys, nodes);
    printTable(keys, platform);
    for (final Process node : nodes) {
      node.waitFor();
    }
    return 0;
  }

  private void writeGenesisIfNew(final Path genesis, final List<PrivateKey> keys) {
    if (Files.exists(genesis)) {
      return;
    }
    final ObjectMapper json = new ObjectMapper();
    final ObjectNode root = json.createObjectNode();
    final ObjectNode config = root.putObject("config");
    config.put("chainId", CHAIN_ID);
    for (final String fork :
        List.of(
            "homesteadBlock",
            "eip150Block",
            "eip155Block",
            "eip158Block",
            "byzantiumBlock",
            "constantinopleBlock",
            "petersburgBlock",
            "istanbulBlock",
            "berlinBlock",
            "londonBlock")) {
      config.put(fork, 0);
    }
    config.putObject("clique").put("period", period).put("epoch", 30000);
    final List<Address> signerAddresses = new ArrayList<>();
    for (int i = 0; i < signers; i++) {
      signerAddresses.add(keys.get(i).publicKey().address());
    }
    root.put(
        "extraData",
        Clique.extraData(Bytes.wrap(new byte[Clique.EXTRA_VANITY]), signerAddresses).toHex());
    root.put("gasLimit", "0x" + Long.toHexString(gasLimit));
    root.put("difficulty", "0x1");
    root.put("baseFeePerGas", "0x3b9aca00");
    final ObjectNode alloc = root.putObject("alloc");
    for (int i = 0; i < FUNDED_ACCOUNTS; i++) {
      alloc.putObject(keys.get(i).publicKey().address().toHex()).put("balance", BALANCE_WEI);
    }
    try {
      Files.createDirectories(genesis.getParent());
      Files.writeString(
          genesis, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Process startNode(final int index, final Path genesis, final PrivateKey key) {
    final Path home = genesis.getParent().resolve("node-" + index);
    try (DataDir dir = DataDir.open(home, genesis)) {
      // Creating the data directory is all this does; the node process opens it.
    }
    try {
      final Path keystore = home.resolve("keystore");
      final Path passwordFile = home.resolve("password");
      if (!Files.exists(passwordFile)) {
        Files.writeString(passwordFile, PASSWORD + "\n");
      }
      final Keystore store = Keystore.at(keystore);
      final Keystore.Account account =
          Objects.requireNonNullElseGet(
              store.find(key.publicKey().address()),
              () -> store.store(key, PASSWORD, KeyFile.ScryptParams.LIGHT));
      final Path keyFile = account.file();
      final List<String> seeds = new ArrayList<>();
      for (int i = 0; i < signers; i++) {
        seeds.add("\"127.0.0.1:" + (portOffset + Ports.P2P + i) + "\"");
      }
      final Path conf = home.resolve("node.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "amchain {",
              "  node-id = \"node-" + index + "\"",
              "  datadir = " + quote(home),
              "  rpc.port = " + (portOffset + Ports.RPC + index),
              "  rpc.bearer-token = \"" + tokens.get(index) + "\"",
              "  rpc.cors-allowed-origins = [" + quotedList(rpcCors) + "]",
              "  rpc.api = [" + quotedList(List.of(DEVNET_API.split(","))) + "]",
              "  signer.keystore = " + quote(keyFile),
              "  signer.password-file = " + quote(passwordFile),
              "  seeds = [" + String.join(", ", seeds) + "]",
              journalSettings(index),
              "}",
              "pekko.remote.artery.canonical.port = " + (portOffset + Ports.P2P + index),
              "pekko.management.http.port = " + (portOffset + Ports.MANAGEMENT + index),
              ""),
          StandardCharsets.UTF_8);
      final Path logs = Files.createDirectories(home.resolve("logs"));
      final String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(System.getProperty("java.home") + "/bin/java");
      final List<String> command = new ArrayList<>(List.of(java));
      command.addAll(NODE_JVM_DEFAULTS);
      command.addAll(NODE_JVM_OPTIONS);
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              AmchainCli.class.getName(),
              "node",
              "--config",
              conf.toString(),
              // Written once the platform is deployed; each node follows it from then on.
              "--platform-manifest",
              genesis.getParent().resolve("platform.json").toString()));
      final Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("node.log").toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      Files.writeString(home.resolve("node.pid"), process.pid() + "\n");
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + index + ": " + e.getMessage(), e);
    }
  }

  /**
   * The node's journal settings. On Cassandra each node has a keyspace of its own, named after this
   * devnet's id (kept in DATADIR/devnet-id), so that a new devnet on the same Cassandra never
   * replays an older devnet's blocks, and a restarted one finds its own.
   */
  private String journalSettings(final int index) throws IOException {
    if (journal.equals("h2")) {
      return "  journal = \"h2\"";
    }
    final Path idFile = datadir.toAbsolutePath().resolve("devnet-id");
    if (!Files.exists(idFile)) {
      Files.writeString(idFile, Bytes.wrap(random(4)).toHex().substring(2) + "\n");
    }
    final String id = Files.readString(idFile).strip();
    final List<String> points = new ArrayList<>();
    for (final String point : cassandraContactPoints.split(",", -1)) {
      points.add("\"" + point.strip() + "\"");
    }
    return String.join(
        "\n",
        "  journal = \"cassandra\"",
        "  cassandra.keyspace = \"amchain_" + id + "_node" + index + "\"",
        "  cassandra.contact-points = [" + String.join(", ", points) + "]");
  }

  private Path manifestPath() {
    return datadir.toAbsolutePath().resolve("platform.json");
  }

  /**
   * The devnet's platform: the one its platform.json names when that is on this chain (a restart),
   * else a new deployment by development account 0 once node 0 has sealed block 1.
   */
  private PlatformManifest ensurePlatform(final List<PrivateKey> keys, final List<Process> nodes)
      throws InterruptedException {
    final Path file = manifestPath();
    System.out.println(
        "nodes starting; the platform contracts follow once block 1 exists (--no-platform skips"
            + " them)");
    try (Chain chain = awaitChain(nodes)) {
      if (Files.exists(file)) {
        final PlatformManifest existing = PlatformManifest.read(file);
        if (existing.chainId() == chain.chainId()
            && chain.hasCode(existing.contract(PlatformContract.MEMBER_REGISTRY))) {
          return existing;
        }
        System.out.println(file + " names no platform on this chain: deploying a new one");
      }
      final List<Founder> founders = new ArrayList<>();
      for (int i = 0; i < signers; i++) {
        final Address signer = keys.get(i).publicKey().address();
        founders.add(new Founder(signer, MemberRegistry.Role.MINER, signer));
      }
      final TransactionSender deployer = TransactionSender.of(chain, keys.get(0));
      final PlatformManifest deployed =
          new PlatformDeployer(deployer, line -> {})
              .deploy(PlatformDeployer.Settings.defaults(founders, deployer.address()));
      deployed.write(file);
      return deployed;
    }
  }

  /** Node 0's JSON-RPC once it answers and (when blocks come by the clock) has block 1. */
  private Chain awaitChain(final List<Process> nodes) throws InterruptedException {
    final String url = "http://127.0.0.1:" + (portOffset + Ports.RPC);
    final long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    while (true) {
      for (int i = 0; i < nodes.size(); i++) {
        if (!nodes.get(i).isAlive()) {
          throw new CliException(
              "node " + i + " exited; see " + datadir.resolve("node-" + i + "/logs/node.log"));
        }
      }
      try {
        final Chain chain = Chain.connect(url);
        // Period 0 seals on demand: the deployment's own transactions make block 1.
        if (period == 0 || chain.blockNumber() >= 1) {
          return chain;
        }
        chain.close();
      } catch (PlatformException e) {
        // Not answering yet: the node is still starting.
      }
      if (System.nanoTime() - deadline > 0) {
        throw new CliException(
            "node 0 did not seal block 1 within " + STARTUP_LIMIT.toMinutes() + " minutes");
      }
      Thread.sleep(250);
    }
  }

  private static String quote(final Path path) {
    return "\""
        + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"";
  }

  private static String quotedList(final List<String> values) {
    final List<String> quoted = new ArrayList<>();
    for (final String value : values) {
      quoted.add("\"" + value.strip().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return String.join(", ", quoted);
  }

  private void printTable(final List<PrivateKey> keys, final @Nullable PlatformManifest platform) {
    System.out.printf(
        "AMChain devnet: chain id %d, %d signers, period %d s, data in %s%n",
        CHAIN_ID, signers, period, datadir.toAbsolutePath());
    System.out.printf(
        "%-7s %-22s %-22s %-16s %-42s %s%n",
        "node", "JSON-RPC (HTTP + WS)", "management", "p2p", "signer", "RPC bearer token");
    for (int i = 0; i < signers; i++) {
      System.out.printf(
          "node-%-2d http://127.0.0.1:%-5d http://127.0.0.1:%-5d 127.0.0.1:%-6d %s %s%n",
          i,
          portOffset + Ports.RPC + i,
          portOffset + Ports.MANAGEMENT + i,
          portOffset + Ports.P2P + i,
          keys.get(i).publicKey().address(),
          tokens.get(i));
    }
    System.out.println(
        "JSON-RPC accepts browser pages from "
            + (rpcCors.isEmpty()
                ? "localhost only (http(s)://localhost|127.0.0.1|[::1], any port; --rpc-cors to"
                    + " add)"
                : String.join(", ", rpcCors))
            + "; Host names localhost, 127.0.0.1, [::1]; namespaces "
            + DEVNET_API
            + " (admin_*, txpool_content, clique_propose/discard need the bearer token)");
    System.out.println("funded accounts (10,000 ETH each; development keys, never use elsewhere):");
    for (int i = 0; i < FUNDED_ACCOUNTS; i++) {
      System.out.printf(
          "  (%d) %s  %s%n", i, keys.get(i).publicKey().address(), keys.get(i).toBytes().toHex());
    }
    if (platform != null) {
      System.out.printf(
          "platform (%s; founders: the signers, MINERs; deployed by (0) in blocks up to %d):%n",
          manifestPath(),
          platform.deployment() == null ? -1 : platform.deployment().deployedAtBlock());
      for (final PlatformContract contract : PlatformContract.values()) {
        System.out.printf("  %-16s %s%n", contract.contractName(), platform.contract(contract));
      }
    }
    System.out.println(
        "logs: " + datadir.toAbsolutePath() + "/node-<i>/logs/node.log; Ctrl-C stops all nodes");
  }

  private static void stopAll(final List<Process> nodes) {
    nodes.forEach(Process::destroy);
    for (final Process node : nodes) {
      try {
        node.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The devnet's port plan (ARCHITECTURE §5): node i adds i to each base. */
  static final class Ports {
    static final int RPC = 8545;
    static final int MANAGEMENT = 8558;
    static final int P2P = 25520;

    private Ports() {}
  }
}
