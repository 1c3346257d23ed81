package io.amchain.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's "accepted, then lost": 300 transfers sent to one signer of a 3-node devnet, which is
 * killed with SIGKILL right after its last accept and never restarted. Every transaction it
 * accepted must be mined by the two left, because it answered only once a peer had stored each.
 * Before replication, one to three of the 300 (the last gossip window) were never mined.
 */
final class AcceptedMeansReplicatedTest {
  private static final int SIGNERS = 3;
  private static final int PORT_OFFSET = 820;
  private static final int TRANSFERS = 300;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Address RECIPIENT =
      Address.fromHex("0x00000000000000000000000000000000000ac1ed");

  /** The senders: the funded accounts that are not signers, one client thread each. */
  private static final int FIRST_SENDER = SIGNERS;

  private static final int SENDERS = DevnetCommand.FUNDED_ACCOUNTS - SIGNERS;

  @TempDir Path dir;

  @Test
  void aSignerKilledForGoodRightAfterItsLastAcceptLosesNoneOfWhatItAccepted() throws Exception {
    try (DevnetProcess devnet =
        DevnetProcess.start(dir.resolve("devnet"), SIGNERS, PORT_OFFSET, "--no-platform")) {
      try {
        // Node 0 must know both peers before the clients start: only then is each accept a
        // replicated one (txpool_status says how many peers store what it accepts).
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> "0x2".equals(status(devnet, 0).path("replicas").asText()));

        final int[] sent = new int[SENDERS];
        final ExecutorService clients = Executors.newFixedThreadPool(SENDERS);
        final List<Future<List<String>>> accepted = new ArrayList<>();
        final long started = System.nanoTime();
        try {
          for (int s = 0; s < SENDERS; s++) {
            final int sender = s;
            sent[s] = TRANSFERS / SENDERS + (s < TRANSFERS % SENDERS ? 1 : 0);
            accepted.add(clients.submit(() -> send(devnet, FIRST_SENDER + sender, sent[sender])));
          }
          int total = 0;
          for (final Future<List<String>> client : accepted) {
            total += client.get().size();
          }
          assertEquals(TRANSFERS, total, "node 0 accepted every transfer");
        } catch (ExecutionException e) {
          throw new AssertionError(e.getCause().getMessage(), e.getCause());
        } finally {
          clients.shutdown();
        }
        final long acceptedMs = (System.nanoTime() - started) / 1_000_000;
        devnet.kill(0);
        System.out.printf(
            "[replicated] node 0 accepted %d transfers from %d clients in %d ms, then was killed"
                + " with SIGKILL%n",
            TRANSFERS, SENDERS, acceptedMs);

        final long killed = System.nanoTime();
        for (final int node : new int[] {1, 2}) {
          await()
              .atMost(Duration.ofSeconds(90))
              .untilAsserted(
                  () ->
                      assertEquals(
                          TRANSFERS,
                          minedBy(devnet, node, sent),
                          "transfers node 0 accepted that node " + node + " has mined"));
        }
        for (int s = 0; s < SENDERS; s++) {
          assertEquals(
              sent[s],
              nonce(devnet, 1, FIRST_SENDER + s),
              "sender " + (FIRST_SENDER + s) + "'s transfers mined on node 1");
        }
        System.out.printf(
            "[replicated] all %d are mined on nodes 1 and 2, %d ms after the kill%n",
            TRANSFERS, (System.nanoTime() - killed) / 1_000_000);
      } catch (AssertionError | RuntimeException e) {
        printLogTails();
        throw e;
      }
    }
  }

  /**
   * Signs and sends {@code count} transfers of one sender to node 0, one at a time, as a wallet
   * does; returns the hashes it accepted (all of them, or fails with its answer).
   */
  private static List<String> send(final DevnetProcess devnet, final int account, final int count) {
    final PrivateKey key = DevAccounts.key(account);
    final List<String> hashes = new ArrayList<>(count);
    for (int nonce = 0; nonce < count; nonce++) {
      final Transaction tx =
          Transaction.builder(TransactionType.DYNAMIC_FEE)
              .chainId(DevnetCommand.CHAIN_ID)
              .nonce(nonce)
              .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
              .maxFeePerGas(UInt256.of(10_000_000_000L))
              .gasLimit(21_000)
              .to(RECIPIENT)
              .value(UInt256.ONE)
              .sign(key);
      final JsonNode response =
          rpc(devnet, 0, "eth_sendRawTransaction", "[\"" + tx.encoded().toHex() + "\"]");
      assertEquals(
          tx.hash().toHex(), response.path("result").asText(), "not accepted: " + response);
      hashes.add(tx.hash().toHex());
    }
    return hashes;
  }

  /** How many of the transfers node {@code node} has mined: its senders' nonces, summed. */
  private static int minedBy(final DevnetProcess devnet, final int node, final int[] sent) {
    int mined = 0;
    for (int s = 0; s < sent.length; s++) {
      mined += (int) Math.min(sent[s], nonce(devnet, node, FIRST_SENDER + s));
    }
    return mined;
  }

  private static long nonce(final DevnetProcess devnet, final int node, final int account) {
    final String address = DevAccounts.key(account).publicKey().address().toHex();
    final JsonNode result =
        rpc(devnet, node, "eth_getTransactionCount", "[\"" + address + "\", \"latest\"]")
            .path("result");
    return result.isTextual() ? Long.decode(result.asText()) : -1;
  }

  private static JsonNode status(final DevnetProcess devnet, final int node) {
    return rpc(devnet, node, "txpool_status", "[]").path("result");
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

  /** JUnit deletes the temporary directory: a failure's cause is in the nodes' logs. */
  private void printLogTails() {
    for (int i = 0; i < SIGNERS; i++) {
      final Path log = dir.resolve("devnet/node-" + i + "/logs/node.log");
      try {
        final List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        System.out.println("---- node " + i + ": the last lines of its log ----");
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
      } catch (IOException e) {
        System.out.println("node " + i + "'s log is unreadable: " + e.getMessage());
      }
    }
  }
}
