package io.amchain.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-signer devnet journaled on a real Cassandra ({@code deploy/local/cassandra}): stopped as
 * Ctrl-C stops it and started again on the same data directory, it comes back to the chain it had
 * and seals on; a node killed with {@code kill -9} while blocks are being written catches up when
 * restarted, and its journal has no gap in any persistence id's sequence numbers.
 *
 * <p>Runs only with {@code -Pcassandra} (tag "cassandra"). Timings are printed with a {@code
 * [cassandra]} prefix.
 */
@Tag("cassandra")
final class CassandraDevnetTest {
  private static final int SIGNERS = 3;
  private static final int PORT_OFFSET = 700;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aDevnetOnCassandraRestartsOnItsChainAndAKilledNodeCatchesUpWithoutAJournalGap() {
    final long started = System.nanoTime();
    try (LocalCassandra cassandra = LocalCassandra.start(dir.resolve("cassandra"))) {
      System.out.printf("[cassandra] Cassandra started in %d ms%n", since(started).toMillis());
      final Path datadir = dir.resolve("devnet");
      final long sharedHeight;
      final String sharedHash;
      try (DevnetProcess devnet = startDevnet(datadir)) {
        await().atMost(Duration.ofSeconds(90)).until(() -> lowestSharedHeight(devnet) >= 4);
        sharedHeight = lowestSharedHeight(devnet);
        sharedHash = hashAt(devnet, 0, sharedHeight);
      }
      // The devnet is stopped (SIGTERM, as Ctrl-C): every node is gone before it starts again.

      final long restarted = System.nanoTime();
      try (DevnetProcess devnet = startDevnet(datadir)) {
        System.out.printf(
            "[cassandra] devnet restarted on its journals: every node answers with a block in %d"
                + " ms%n",
            since(restarted).toMillis());
        for (int i = 0; i < SIGNERS; i++) {
          assertTrue(
              devnet.blockNumber(i) >= sharedHeight,
              "node " + i + " came back at " + devnet.blockNumber(i) + " < " + sharedHeight);
          assertEquals(
              sharedHash, hashAt(devnet, i, sharedHeight), "node " + i + " at " + sharedHeight);
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> lowestSharedHeight(devnet) > sharedHeight + 2);

        // kill -9 while the chain seals (a block every period): the node dies mid-write.
        final long headAtKill = devnet.blockNumber(2);
        devnet.kill(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> devnet.blockNumber(0) > headAtKill + 1);
        final long back = System.nanoTime();
        devnet.restart(2);
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> devnet.blockNumber(2) >= devnet.blockNumber(0) && devnet.blockNumber(2) > 0);
        System.out.printf(
            "[cassandra] node 2 killed at block %d, restarted: on the head (%d) %d ms after its"
                + " start%n",
            headAtKill, devnet.blockNumber(2), since(back).toMillis());
        final long height = lowestSharedHeight(devnet);
        assertTrue(height > headAtKill, "the nodes share no chain past block " + headAtKill);
        assertJournalHasNoGap(keyspace(datadir, 2));
      }
    } catch (AssertionError | RuntimeException e) {
      printLogTails(dir.resolve("devnet"));
      throw e;
    }
    System.out.printf("[cassandra] whole scenario: %d ms%n", since(started).toMillis());
  }

  private static DevnetProcess startDevnet(final Path datadir) {
    return DevnetProcess.start(
        datadir,
        SIGNERS,
        PORT_OFFSET,
        "--journal=cassandra",
        "--cassandra-contact-points=" + LocalCassandra.HOST + ":" + LocalCassandra.CQL_PORT,
        "--no-platform");
  }

  /** The keyspace the devnet gave node i (DevnetCommand names it after the devnet's id). */
  private static String keyspace(final Path datadir, final int node) {
    try {
      return "amchain_" + Files.readString(datadir.resolve("devnet-id")).strip() + "_node" + node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads every event's sequence number from the keyspace's journal and checks that each
   * persistence id has events 1..n, none missing.
   */
  private static void assertJournalHasNoGap(final String keyspace) {
    final Map<String, List<Long>> sequences = new TreeMap<>();
    try (CqlSession session =
        CqlSession.builder()
            .addContactPoint(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), LocalCassandra.CQL_PORT))
            .withLocalDatacenter("datacenter1")
            .build()) {
      for (final Row row :
          session.execute(
              "SELECT persistence_id, partition_nr, sequence_nr FROM " + keyspace + ".messages")) {
        sequences
            .computeIfAbsent(row.getString("persistence_id"), id -> new ArrayList<>())
            .add(row.getLong("sequence_nr"));
      }
    }
    assertFalse(sequences.isEmpty(), "no events in " + keyspace + ".messages");
    sequences.forEach(
        (id, numbers) -> {
          final List<Long> sorted = numbers.stream().sorted().toList();
          for (int i = 0; i < sorted.size(); i++) {
            assertEquals(
                i + 1L, sorted.get(i), id + " in " + keyspace + ": sequence numbers " + sorted);
          }
          System.out.printf(
              "[cassandra] %s.messages: %s has events 1..%d, no gap%n",
              keyspace, id, sorted.size());
        });
  }

  /** The highest block every node has, with the same hash on all of them; -1 if none. */
  private static long lowestSharedHeight(final DevnetProcess devnet) {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < SIGNERS; i++) {
      lowest = Math.min(lowest, devnet.blockNumber(i));
    }
    for (long height = lowest; height >= 0; height--) {
      final String hash = hashAt(devnet, 0, height);
      boolean shared = !hash.isEmpty();
      for (int i = 1; i < SIGNERS && shared; i++) {
        shared = hash.equals(hashAt(devnet, i, height));
      }
      if (shared) {
        return height;
      }
    }
    return -1;
  }

  private static String hashAt(final DevnetProcess devnet, final int node, final long height) {
    final String body =
        devnet.call(
            node, "eth_getBlockByNumber", "[\"0x" + Long.toHexString(height) + "\", false]");
    if (body == null) {
      return "";
    }
    try {
      final JsonNode response = JSON.readTree(body);
      return response.path("result").path("hash").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JUnit deletes the temporary directory: a failure's cause is in the nodes' logs. */
  private static void printLogTails(final Path datadir) {
    for (int i = 0; i < SIGNERS; i++) {
      final Path log = datadir.resolve("node-" + i).resolve("logs").resolve("node.log");
      try {
        final List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        System.out.println("---- node " + i + ": the last lines of its log ----");
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
      } catch (IOException e) {
        System.out.println("node " + i + " log unreadable: " + e.getMessage());
      }
    }
  }

  private static Duration since(final long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
