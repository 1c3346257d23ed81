package io.amchain.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.crypto.DevAccounts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The platform's MINER set drives Clique, end to end with node processes: a 3-signer devnet whose
 * nodes follow the MemberRegistry named by {@code DATADIR/platform.json}, and a fourth node
 * (account 3 of the development mnemonic as its signer key) joined to it. Account 3 is admitted as
 * a MINER by the founders' votes and, with no operator step, becomes a Clique signer and seals;
 * removed by vote, it stops being one. Each change shows in {@code clique_getSigners} within 30
 * blocks.
 *
 * <p>The registry is the devnet's own platform: the real compiled MemberRegistry, deployed by
 * {@code amchain devnet} once block 1 exists (founders accounts 0-2, each a MINER sealing with its
 * own address), its manifest written after the nodes started.
 */
final class MinerSetFollowsRegistryTest {
  private static final int PORT_OFFSET = 500;
  private static final int SIGNERS = 3;
  private static final long CHAIN_ID = DevnetCommand.CHAIN_ID;
  private static final int MINER = 3;
  private static final int REMOVE = 1;
  private static final long WITHIN_BLOCKS = 30;
  private static final BigInteger GAS = BigInteger.valueOf(2_000_000);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final List<Credentials> accounts = new ArrayList<>();
  private Web3j web3j;
  private PollingTransactionReceiptProcessor receipts;
  private String registry;

  @Test
  void aMinerAdmittedByVoteBecomesASignerAndARemovedOneStopsBeingOne() throws Exception {
    for (int i = 0; i < 4; i++) {
      accounts.add(Credentials.create(DevAccounts.key(DevAccounts.MNEMONIC, i).toBytes().toHex()));
    }
    final String newcomer = accounts.get(3).getAddress();
    try (DevnetProcess devnet = DevnetProcess.start(dir.resolve("devnet"), SIGNERS, PORT_OFFSET);
        ExtraNode fourth = ExtraNode.start(devnet, 3, dir.resolve("node-3"))) {
      try {
        web3j = Web3j.build(new HttpService(devnet.rpc(0).toString()));
        receipts = new PollingTransactionReceiptProcessor(web3j, 200, 300);
        registry =
            JSON.readTree(devnet.manifest().toFile())
                .path("contracts")
                .path("MemberRegistry")
                .asText();
        assertEquals(founders(), signers(devnet, 0));
        refusesAContradictingManualVote(devnet);

        // Admission: account 3 applies, founders 0 and 1 vote yes (2 * 2 > 3: passes, executes).
        send(3, function("applyFor", new Uint8(MINER), new Bytes32(new byte[32]), address(3)));
        send(0, function("vote", new Uint256(1), new Bool(true)));
        final long admitted =
            send(1, function("vote", new Uint256(1), new Bool(true))).getBlockNumber().longValue();
        final Set<String> withNewcomer = new TreeSet<>(founders());
        withNewcomer.add(newcomer.toLowerCase(Locale.ROOT));
        final long joined = awaitSigners(devnet, withNewcomer, admitted);
        System.out.printf(
            "[miner-set] admitted as MINER in block %d, a Clique signer from block %d%n",
            admitted, joined);
        final long sealed = awaitSealedBy(devnet, newcomer, joined);
        System.out.printf("[miner-set] account 3 sealed block %d%n", sealed);

        // Removal: four voting members now, so three founders must vote yes.
        send(0, function("propose", new Uint8(REMOVE), address(3), new Uint8(MINER)));
        send(0, function("vote", new Uint256(2), new Bool(true)));
        send(1, function("vote", new Uint256(2), new Bool(true)));
        final long removed =
            send(2, function("vote", new Uint256(2), new Bool(true))).getBlockNumber().longValue();
        final long left = awaitSigners(devnet, founders(), removed);
        System.out.printf(
            "[miner-set] removed as MINER in block %d, no signer from block %d%n", removed, left);
      } catch (AssertionError | RuntimeException e) {
        System.out.println(fourth.logTail());
        throw e;
      }
    }
  }

  /**
   * Once node 0 follows the registry (its log says so; a manual vote before that would be taken),
   * adding a non-MINER by hand is refused naming the registry; re-proposing a founder, which agrees
   * with it, is accepted, and so is discarding that proposal.
   */
  private void refusesAContradictingManualVote(final DevnetProcess devnet) {
    final Path log = devnet.datadir.resolve("node-0").resolve("logs").resolve("node.log");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              try {
                return Files.readString(log).contains("following the MemberRegistry at");
              } catch (IOException e) {
                return false;
              }
            });
    final String token = token(devnet, 0);
    final JsonNode refused =
        rpc(
            devnet.rpc(0),
            token,
            "clique_propose",
            "[\"" + accounts.get(3).getAddress() + "\", true]");
    assertEquals(-32000, refused.path("error").path("code").asInt(), refused.toString());
    assertTrue(
        refused
            .path("error")
            .path("message")
            .asText()
            .toLowerCase(Locale.ROOT)
            .contains("memberregistry at " + registry.toLowerCase(Locale.ROOT)),
        refused.toString());
    final JsonNode agreeing =
        rpc(
            devnet.rpc(0),
            token,
            "clique_propose",
            "[\"" + accounts.get(1).getAddress() + "\", true]");
    assertTrue(agreeing.has("result") && agreeing.get("result").isNull(), agreeing.toString());
    final JsonNode discarded =
        rpc(devnet.rpc(0), token, "clique_discard", "[\"" + accounts.get(1).getAddress() + "\"]");
    assertFalse(discarded.has("error"), discarded.toString());
  }

  /** Waits until node 0's and node 3's signers are {@code expected}; the block they first were. */
  private long awaitSigners(
      final DevnetProcess devnet, final Set<String> expected, final long from) {
    final long[] reached = {-1};
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              final long head = devnet.blockNumber(0);
              assertTrue(
                  head <= from + WITHIN_BLOCKS || reached[0] >= 0,
                  "the signers are not "
                      + expected
                      + " "
                      + WITHIN_BLOCKS
                      + " blocks after "
                      + from
                      + ": "
                      + signers(devnet, 0));
              if (reached[0] < 0 && signers(devnet, 0).equals(expected)) {
                reached[0] = firstBlockWith(devnet, expected, from, head);
              }
              return reached[0] >= 0 && signersOf(devnet.rpc(3), "latest").equals(expected);
            });
    assertTrue(
        reached[0] - from <= WITHIN_BLOCKS,
        "the signers became " + expected + " only at block " + reached[0] + ", from " + from);
    return reached[0];
  }

  /** The first block in (from, head] after which the signers are {@code expected}. */
  private long firstBlockWith(
      final DevnetProcess devnet, final Set<String> expected, final long from, final long head) {
    for (long n = from; n <= head; n++) {
      if (signersOf(devnet.rpc(0), "0x" + Long.toHexString(n)).equals(expected)) {
        return n;
      }
    }
    return head;
  }

  /** Waits for a block after {@code from} sealed by {@code signer}; its number. */
  private long awaitSealedBy(final DevnetProcess devnet, final String signer, final long from) {
    final long[] next = {from + 1};
    final long[] found = {-1};
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              while (next[0] <= devnet.blockNumber(0)) {
                final JsonNode sealer =
                    rpc(
                        devnet.rpc(0),
                        null,
                        "clique_getSigner",
                        "[\"0x" + Long.toHexString(next[0]) + "\"]");
                if (sealer.path("result").asText().equalsIgnoreCase(signer)) {
                  found[0] = next[0];
                  return true;
                }
                next[0]++;
              }
              return false;
            });
    return found[0];
  }

  private Set<String> founders() {
    final Set<String> founders = new TreeSet<>();
    for (int i = 0; i < SIGNERS; i++) {
      founders.add(accounts.get(i).getAddress().toLowerCase(Locale.ROOT));
    }
    return founders;
  }

  private static Set<String> signers(final DevnetProcess devnet, final int node) {
    return signersOf(devnet.rpc(node), "latest");
  }

  private static Set<String> signersOf(final URI node, final String block) {
    final Set<String> signers = new TreeSet<>();
    rpc(node, null, "clique_getSigners", "[\"" + block + "\"]")
        .path("result")
        .forEach(signer -> signers.add(signer.asText().toLowerCase(Locale.ROOT)));
    return signers;
  }

  // ---- transactions ----

  private Address address(final int account) {
    return new Address(accounts.get(account).getAddress());
  }

  private static Function function(final String name, final Type<?>... inputs) {
    return new Function(name, List.of(inputs), List.of());
  }

  private RawTransactionManager manager(final int account) {
    return new RawTransactionManager(web3j, accounts.get(account), CHAIN_ID, receipts);
  }

  /** A registry call from an account, mined and successful. */
  private TransactionReceipt send(final int account, final Function function) throws Exception {
    final TransactionReceipt receipt =
        mined(
            manager(account)
                .sendTransaction(
                    web3j.ethGasPrice().send().getGasPrice(),
                    GAS,
                    registry,
                    FunctionEncoder.encode(function),
                    BigInteger.ZERO));
    assertTrue(receipt.isStatusOK(), function.getName() + " by account " + account + " reverted");
    return receipt;
  }

  private TransactionReceipt mined(final EthSendTransaction sent) throws Exception {
    assertFalse(sent.hasError(), () -> "rejected: " + sent.getError().getMessage());
    return receipts.waitForTransactionReceipt(sent.getTransactionHash());
  }

  // ---- JSON-RPC and waiting ----

  /** Node i's bearer token, from the node.conf the devnet wrote. */
  private static String token(final DevnetProcess devnet, final int node) {
    try {
      final String conf =
          Files.readString(devnet.datadir.resolve("node-" + node).resolve("node.conf"));
      final Matcher token = Pattern.compile("rpc.bearer-token = \"([0-9a-f]+)\"").matcher(conf);
      assertTrue(token.find(), "no bearer token in node " + node + "'s node.conf");
      return token.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode rpc(
      final URI node, final String token, final String method, final String params) {
    final String body = DevnetProcess.call(node, token, method, params);
    try {
      return body == null ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /**
   * A node started the way an operator adds one to a running devnet: {@code amchain init} with the
   * devnet's genesis, {@code amchain account import} of its signer key, then {@code amchain node}
   * with the devnet's nodes as seeds and the devnet's platform manifest.
   */
  private static final class ExtraNode implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ExtraNode(final Process process, final Path log) {
      this.process = process;
      this.log = log;
    }

    static ExtraNode start(final DevnetProcess devnet, final int index, final Path home)
        throws IOException {
      final int offset = devnet.portOffset;
      final CliRun init =
          CliRun.of(
              "init",
              "--genesis",
              devnet.datadir.resolve("genesis.json").toString(),
              "--datadir",
              home.toString());
      assertEquals(0, init.exit(), init.err());
      final Path password = Files.writeString(home.resolve("password"), "extra-node\n");
      final Path keyFile =
          Files.writeString(
              home.resolve("signer.key"),
              DevAccounts.key(DevAccounts.MNEMONIC, index).toBytes().toHex() + "\n");
      final Path keystore = home.resolve("keystore");
      final CliRun imported =
          CliRun.of(
              "account",
              "import",
              "--keystore",
              keystore.toString(),
              "--password-file",
              password.toString(),
              keyFile.toString());
      assertEquals(0, imported.exit(), imported.err());
      final Path keystoreFile;
      try (var files = Files.list(keystore)) {
        keystoreFile =
            files
                .filter(f -> !f.getFileName().toString().startsWith("."))
                .findFirst()
                .orElseThrow();
      }
      final List<String> seeds = new ArrayList<>();
      for (int i = 0; i < devnet.signers; i++) {
        seeds.add("\"127.0.0.1:" + (25520 + offset + i) + "\"");
      }
      final Path conf = home.resolve("node.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "amchain {",
              "  node-id = \"node-" + index + "\"",
              "  datadir = \"" + home.toAbsolutePath() + "\"",
              "  rpc.port = " + (8545 + offset + index),
              "  signer.keystore = \"" + keystoreFile.toAbsolutePath() + "\"",
              "  signer.password-file = \"" + password.toAbsolutePath() + "\"",
              "  seeds = [" + String.join(", ", seeds) + "]",
              "}",
              "pekko.remote.artery.canonical.port = " + (25520 + offset + index),
              "pekko.management.http.port = " + (8558 + offset + index),
              ""));
      final Path log = Files.createDirectories(home.resolve("logs")).resolve("node.log");
      final Process process =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-Xmx768m",
                  "-Xss4m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  AmchainCli.class.getName(),
                  "node",
                  "--config",
                  conf.toString(),
                  "--platform-manifest",
                  devnet.datadir.toAbsolutePath().resolve("platform.json").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      final ExtraNode node = new ExtraNode(process, log);
      try {
        devnet.awaitBlock(index, 1, Duration.ofMinutes(3));
      } catch (RuntimeException | AssertionError e) {
        final String tail = node.logTail();
        node.close();
        throw new AssertionError(e.getMessage() + "\n" + tail, e);
      }
      return node;
    }

    String logTail() {
      try {
        final List<String> lines = Files.readAllLines(log);
        return "node-3 log (last 40 lines):\n"
            + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "node-3 log unreadable: " + e.getMessage();
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
