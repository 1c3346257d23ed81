package io.amchain.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.crypto.DevAccounts;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signer cluster under {@code kill -9}, with real node processes: a 3-signer devnet loses one
 * signer and goes on; the transactions a node accepted before it was killed all end up in blocks;
 * with two signers gone the chain stops, as Clique requires, and it resumes by itself when a second
 * signer is back.
 *
 * <p>The timings it observes are printed with a {@code [faults]} prefix.
 */
final class FaultToleranceTest {
  private static final int SIGNERS = 3;
  private static final int PORT_OFFSET = 200;
  private static final long PERIOD_MS = 1000;

  /** How many periods a stopped chain's head must stand still to count as stopped. */
  private static final int STILL_PERIODS = 3;

  private static final long CHAIN_ID = DevnetCommand.CHAIN_ID;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Address RECIPIENT =
      Address.fromHex("0x00000000000000000000000000000000000fa017");

  @TempDir Path dir;

  /** Next nonce of each sender, as this test sends them (senders are the non-signer accounts). */
  private final long[] nonces = new long[DevnetCommand.FUNDED_ACCOUNTS];

  @Test
  void theChainSurvivesKilledSignersAndKeepsEveryAcceptedTransaction() throws IOException {
    try (DevnetProcess devnet = DevnetProcess.start(dir.resolve("devnet"), SIGNERS, PORT_OFFSET)) {
      try {
        oneSignerKilled(devnet);
        twoSignersKilled(devnet);
      } catch (AssertionError | RuntimeException e) {
        printLogTails();
        throw e;
      }
    }
  }

  /** (a) kill -9 node 0 right after it accepted transactions; restart it the devnet's way. */
  private void oneSignerKilled(final DevnetProcess devnet) {
    // A devnet's first blocks may fork (a node seals before it hears of the others) until sync
    // settles it; the scenario starts from a chain all three share.
    await().atMost(Duration.ofSeconds(60)).until(() -> shareAChain(devnet));
    final List<String> accepted = submit(devnet, 0, 40);
    final long headAtKill = Math.max(devnet.blockNumber(1), devnet.blockNumber(2));
    final long killed = System.nanoTime();
    devnet.kill(0);
    final Duration killTime = since(killed);

    // Two signers of three may seal (Clique's limit is one block in every two per signer).
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> devnet.blockNumber(1) > headAtKill && devnet.blockNumber(2) > headAtKill);
    final Duration advanced = since(killed);
    System.out.printf(
        "[faults] kill -9 of 1 of 3 signers (%d ms to die): nodes 1 and 2 passed block %d %d ms"
            + " after the kill%n",
        killTime.toMillis(), headAtKill, advanced.toMillis());
    assertTrue(
        advanced.toMillis() <= 2 * PERIOD_MS + slackMs(),
        "the chain went on only " + advanced.toMillis() + " ms after the kill");
    final long minedWithoutNode0 = accepted.stream().filter(h -> receipt(devnet, 1, h)).count();

    final long restarted = System.nanoTime();
    devnet.restart(0);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> devnet.blockNumber(0) >= devnet.blockNumber(1));
    System.out.printf(
        "[faults] node 0 restarted: back on the head (%d) %d ms after its start%n",
        devnet.blockNumber(0), since(restarted).toMillis());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> accepted.stream().allMatch(h -> receipt(devnet, 0, h) && receipt(devnet, 1, h)));
    System.out.printf(
        "[faults] all %d transactions node 0 accepted before its kill are mined (%d of them"
            + " were already mined before it restarted, from gossip) %d ms after its restart%n",
        accepted.size(), minedWithoutNode0, since(restarted).toMillis());
  }

  /**
   * (b) kill -9 two signers: the chain stops. The one left accepts transactions that no peer can
   * hear of, and is killed too; it comes back with them, then a second signer comes back and the
   * chain resumes by itself and mines them.
   */
  private void twoSignersKilled(final DevnetProcess devnet) {
    devnet.kill(1);
    devnet.kill(2);
    final long headAtKill = devnet.blockNumber(0);
    // A block the others sealed just before they died may still reach node 0, and node 0 may seal
    // one more if it did not seal the last one (Clique's recent-signer limit); then nothing more.
    final long stopped = awaitStill(devnet, 0, Duration.ofMillis(STILL_PERIODS * PERIOD_MS));
    assertNotEquals(
        signer(devnet, stopped),
        signer(devnet, stopped - 1),
        "one signer of 3 sealed two blocks in a row, the last "
            + (stopped - 1)
            + " and "
            + stopped);
    System.out.printf(
        "[faults] kill -9 of 2 of 3 signers: the chain stopped at block %d (was %d at the"
            + " kill) and stayed there for %d periods%n",
        stopped, headAtKill, STILL_PERIODS);

    // Only node 0's store knows these: its peers are dead, so gossip reached nobody.
    final List<String> accepted = submit(devnet, 0, 20);
    devnet.kill(0);
    final int logBefore = logOf(0).length();
    devnet.restart(0);
    await().atMost(Duration.ofSeconds(60)).until(() -> devnet.blockNumber(0) >= 0);
    assertEquals(stopped, devnet.blockNumber(0));
    assertTrue(
        logOf(0).substring(logBefore).contains("mempool reloaded: " + accepted.size() + " pending"),
        "node 0 did not reload its " + accepted.size() + " accepted transactions");

    final long returned = System.nanoTime();
    devnet.restart(1);
    await().atMost(Duration.ofSeconds(90)).until(() -> devnet.blockNumber(1) > stopped);
    final Duration resumed = since(returned);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> accepted.stream().allMatch(h -> receipt(devnet, 1, h)));
    System.out.printf(
        "[faults] a second signer started again: the chain resumed from block %d %d ms after"
            + " its start (JVM start and cluster join included); the %d transactions only the"
            + " killed node 0 had accepted are mined %d ms after it%n",
        stopped, resumed.toMillis(), accepted.size(), since(returned).toMillis());
  }

  /**
   * Signs transfers from the accounts that are not signers, a few per sender with consecutive
   * nonces, submits them to one node and returns the hashes it accepted (all of them, or fails).
   */
  private List<String> submit(final DevnetProcess devnet, final int node, final int count) {
    final List<String> hashes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      final int account = SIGNERS + i % (DevnetCommand.FUNDED_ACCOUNTS - SIGNERS);
      final PrivateKey key = DevAccounts.key(account);
      final Transaction tx =
          Transaction.builder(TransactionType.DYNAMIC_FEE)
              .chainId(CHAIN_ID)
              .nonce(nonces[account]++)
              .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
              .maxFeePerGas(UInt256.of(10_000_000_000L))
              .gasLimit(21_000)
              .to(RECIPIENT)
              .value(UInt256.ONE)
              .sign(key);
      final JsonNode response =
          rpc(devnet, node, "eth_sendRawTransaction", "[\"" + tx.encoded().toHex() + "\"]");
      assertEquals(
          tx.hash().toHex(), response.path("result").asText(), "not accepted: " + response);
      hashes.add(tx.hash().toHex());
    }
    return hashes;
  }

  /** Whether every node has a block 2 or higher and the same block at the lowest of their heads. */
  private static boolean shareAChain(final DevnetProcess devnet) {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < SIGNERS; i++) {
      lowest = Math.min(lowest, devnet.blockNumber(i));
    }
    if (lowest < 2) {
      return false;
    }
    final String params = "[\"0x" + Long.toHexString(lowest) + "\", false]";
    final String hash =
        rpc(devnet, 0, "eth_getBlockByNumber", params).path("result").path("hash").asText();
    for (int i = 1; i < SIGNERS; i++) {
      if (!rpc(devnet, i, "eth_getBlockByNumber", params)
          .path("result")
          .path("hash")
          .asText()
          .equals(hash)) {
        return false;
      }
    }
    return true;
  }

  private static boolean receipt(final DevnetProcess devnet, final int node, final String hash) {
    final JsonNode response = rpc(devnet, node, "eth_getTransactionReceipt", "[\"" + hash + "\"]");
    return response.path("result").path("status").asText().equals("0x1");
  }

  private static JsonNode rpc(
      final DevnetProcess devnet, final int node, final String method, final String params) {
    final String body = devnet.call(node, method, params);
    if (body == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String logOf(final int node) {
    final Path log = dir.resolve("devnet/node-" + node + "/logs/node.log");
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * JUnit deletes the temporary directory: a failure's cause is in the nodes' logs, so show them.
   */
  private void printLogTails() {
    for (int i = 0; i < SIGNERS; i++) {
      final List<String> lines = logOf(i).lines().toList();
      System.out.println("---- node " + i + ": the last lines of its log ----");
      lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
    }
  }

  /** Scheduling slack on a shared machine: JVMs paused, polls every 100 ms. */
  private static long slackMs() {
    return 2000;
  }

  private static Duration since(final long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Waits until node {@code node}'s head has stood still for {@code still} (a chain that stopped
   * shows nothing else) and returns it.
   */
  private static long awaitStill(final DevnetProcess devnet, final int node, final Duration still) {
    final long[] head = {devnet.blockNumber(node)};
    final long[] since = {System.nanoTime()};
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              final long now = devnet.blockNumber(node);
              if (now != head[0]) {
                head[0] = now;
                since[0] = System.nanoTime();
              }
              return since(since[0]).compareTo(still) >= 0;
            });
    return head[0];
  }

  /** The signer of node 0's block {@code number}, as {@code clique_getSigner} recovers it. */
  private static String signer(final DevnetProcess devnet, final long number) {
    final String body =
        devnet.call(0, "clique_getSigner", "[\"0x" + Long.toHexString(number) + "\"]");
    assertTrue(body != null && body.contains("\"result\":\"0x"), "clique_getSigner: " + body);
    final int start = body.indexOf("\"result\":\"") + 10;
    return body.substring(start, body.indexOf('"', start));
  }
}
