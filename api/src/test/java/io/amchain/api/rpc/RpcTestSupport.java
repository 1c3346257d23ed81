package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.amchain.api.rpc.server.JsonRpcServer;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node and one server per test class: an {@link InstamineNode} in a temporary directory behind
 * a {@link JsonRpcServer} on 127.0.0.1 and a free port, and helpers to call it over HTTP.
 */
abstract class RpcTestSupport {
  static final String TOKEN = "test-token-0123456789";

  @TempDir static Path directory;
  static ActorSystem<Void> system;
  static InstamineNode node;
  static JsonRpcServer server;
  static HttpClient http;
  static URI uri;

  @BeforeAll
  static void startServer() throws Exception {
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "rpc-test",
            ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
    node = new InstamineNode(directory);
    final RpcConfig config =
        RpcConfig.defaults().toBuilder()
            .port(0)
            .bearerToken(TOKEN)
            .maxRequestBytes(64 * 1024)
            .maxBatchLength(10)
            .corsAllowedOrigins(java.util.List.of("http://allowed.example"))
            .namespaces(java.util.Set.copyOf(RpcConfig.NAMESPACES))
            .build();
    server = JsonRpcServer.start(system, node, config).toCompletableFuture().get();
    uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopServer() {
    server.close();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    node.close();
  }

  static HttpResponse<String> post(final String body, final Map<String, String> headers)
      throws IOException, InterruptedException {
    final HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::setHeader);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The whole response to one call. */
  static JsonNode call(final String method, final Object... params) {
    return call(Map.of(), method, params);
  }

  /** The result of a call made with the node's bearer token, which must succeed. */
  static JsonNode authorizedResult(final String method, final Object... params) {
    final JsonNode response = call(Map.of("Authorization", "Bearer " + TOKEN), method, params);
    assertFalse(response.has("error"), () -> method + " failed: " + response);
    return response.get("result");
  }

  static JsonNode call(
      final Map<String, String> headers, final String method, final Object... params) {
    try {
      final String body =
          Json.write(
              Json.object()
                  .put("jsonrpc", "2.0")
                  .put("id", 1)
                  .put("method", method)
                  .set("params", Json.MAPPER.valueToTree(Arrays.asList(params))));
      final HttpResponse<String> response = post(body, headers);
      return Json.parse(response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The result of a call that must succeed. */
  static JsonNode result(final String method, final Object... params) {
    final JsonNode response = call(method, params);
    assertFalse(response.has("error"), () -> method + " failed: " + response);
    assertTrue(response.has("result"), () -> method + " has no result: " + response);
    return response.get("result");
  }

  /** The error of a call that must fail. */
  static JsonNode error(final String method, final Object... params) {
    final JsonNode response = call(method, params);
    assertTrue(response.has("error"), () -> method + " did not fail: " + response);
    return response.get("error");
  }

  static Transaction transfer(
      final PrivateKey key, final long nonce, final @Nullable Address to, final long value) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(InstamineNode.CHAIN_ID)
        .nonce(nonce)
        .maxFeePerGas(UInt256.of(10_000_000_000L))
        .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
        .gasLimit(21_000)
        .to(to)
        .value(UInt256.of(value))
        .sign(key);
  }

  static Transaction deploy(final PrivateKey key, final long nonce, final Bytes initCode) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(InstamineNode.CHAIN_ID)
        .nonce(nonce)
        .maxFeePerGas(UInt256.of(10_000_000_000L))
        .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
        .gasLimit(1_000_000)
        .data(initCode)
        .sign(key);
  }

  static long quantity(final JsonNode node) {
    return Long.decode(node.asText());
  }
}
