package io.amchain.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pekko Management on a three-signer devnet, as an operator sees it with curl: the cluster members,
 * {@code /ready} and {@code /alive}, and the Prometheus metrics.
 */
class ManagementEndpointsTest {
  private static final int PORT_OFFSET = 300;
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path directory;
  static DevnetProcess devnet;

  @BeforeAll
  static void startDevnet() {
    // Without the platform: its deployment would leave transactions pending while the pool's
    // gauge is read as empty.
    devnet = DevnetProcess.start(directory.resolve("devnet"), 3, PORT_OFFSET, "--no-platform");
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void clusterMembersListsTheThreeNodesUp() {
    final HttpResponse<String> response =
        awaitResponse(0, "/cluster/members", r -> membersUp(r.body()).size() == 3);
    assertEquals(
        List.of(
            "pekko://amchain@127.0.0.1:" + (25520 + PORT_OFFSET),
            "pekko://amchain@127.0.0.1:" + (25521 + PORT_OFFSET),
            "pekko://amchain@127.0.0.1:" + (25522 + PORT_OFFSET)),
        membersUp(response.body()).stream().sorted().toList());
  }

  @Test
  void everyNodeIsAliveAndBecomesReady() {
    for (int node = 0; node < 3; node++) {
      assertEquals(200, get(node, "/alive", null).statusCode());
      awaitResponse(node, "/ready", r -> r.statusCode() == 200);
    }
  }

  @Test
  void metricsReportTheChainThePeersThePoolTheRpcAndTheJvm() {
    final HttpResponse<String> first =
        awaitResponse(1, "/metrics", r -> r.body().contains("amchain_block_import_seconds_count"));
    assertTrue(
        first.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        first.headers().toString());
    final String text = first.body();
    for (final String name :
        List.of(
            "amchain_head_block_number",
            "amchain_head_block_timestamp_seconds",
            "amchain_cluster_peers",
            "amchain_mempool_pending_transactions",
            "amchain_mempool_queued_transactions",
            "amchain_blocks_sealed_total",
            "amchain_block_import_seconds",
            "amchain_block_execution_seconds",
            "amchain_rpc_duration_seconds",
            "jvm_memory_used_bytes")) {
      assertTrue(text.contains("# HELP " + name + " "), () -> name + " missing:\n" + text);
    }
    assertTrue(
        text.contains("amchain_rpc_duration_seconds_count{method=\"eth_blockNumber\"}"), text);
    assertTrue(text.contains("amchain_mempool_pending_transactions 0.0"), text);
    assertTrue(text.matches("(?s).*amchain_blocks_sealed_total\\{signer=\"0x[0-9a-f]{40}\"}.*"));

    awaitResponse(1, "/metrics", r -> value(r.body(), "amchain_cluster_peers") == 2);
    final long head = (long) value(text, "amchain_head_block_number");
    awaitResponse(1, "/metrics", r -> value(r.body(), "amchain_head_block_number") > head);
  }

  @Test
  void metricsSpeakOpenMetricsWhenAsked() {
    final HttpResponse<String> response =
        get(0, "/metrics", "application/openmetrics-text; version=1.0.0");
    assertEquals(200, response.statusCode());
    assertTrue(
        response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/openmetrics-text"),
        response.headers().toString());
    assertTrue(response.body().endsWith("# EOF\n"), response.body());
  }

  /** The addresses of the members Up in a {@code /cluster/members} answer. */
  private static List<String> membersUp(final String body) {
    final List<String> up = new ArrayList<>();
    try {
      for (final JsonNode member : JSON.readTree(body).path("members")) {
        if (member.path("status").asText().equals("Up")) {
          up.add(member.path("node").asText());
        }
      }
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
    return up;
  }

  /** A sample's value (the first series of that name), or -1 when absent. */
  private static double value(final String text, final String name) {
    final Matcher matcher =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(text);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
  }

  private static HttpResponse<String> awaitResponse(
      final int node, final String path, final Predicate<HttpResponse<String>> done) {
    final AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
    try {
      await()
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                last.set(get(node, path, null));
                return done.test(last.get());
              });
      return last.get();
    } catch (ConditionTimeoutException e) {
      final HttpResponse<String> seen = last.get();
      throw new AssertionError(
          "node "
              + node
              + " "
              + path
              + " did not answer as expected in "
              + LIMIT
              + "; last: "
              + (seen == null ? "none" : seen.statusCode() + " " + seen.body()),
          e);
    }
  }

  private static HttpResponse<String> get(final int node, final String path, final String accept) {
    final HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(devnet.management(node) + path))
            .timeout(Duration.ofSeconds(5));
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("node " + node + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
