package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transport and the protocol: single and batch requests, notifications, every protocol error
 * with geth's code and words, request limits, CORS and the bearer token.
 */
class RpcServerTest extends RpcTestSupport {

  private static String send(final String body) throws Exception {
    final HttpResponse<String> response = post(body, Map.of());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  @Test
  void answersASingleRequest() throws Exception {
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"0x539\"}",
        send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_chainId\",\"params\":[]}"));
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"result\":\"1337\"}",
        send("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"net_version\"}"));
  }

  @Test
  void answersABatchInOrderAndSkipsNotifications() throws Exception {
    final JsonNode responses =
        Json.parse(
            send(
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"},"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"no_such\"},"
                    + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"net_listening\"}]"));
    assertEquals(3, responses.size());
    assertEquals(1, responses.get(0).get("id").asInt());
    assertEquals("0x539", responses.get(0).get("result").asText());
    assertEquals(-32601, responses.get(1).get("error").get("code").asInt());
    assertEquals(3, responses.get(2).get("id").asInt());
    assertTrue(responses.get(2).get("result").asBoolean());
  }

  @Test
  void aNotificationGetsNoAnswer() throws Exception {
    assertEquals("", send("{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}"));
    assertEquals("", send("[{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}]"));
  }

  @Test
  void invalidJsonIsAParseError() throws Exception {
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error\"}}",
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"));
  }

  @Test
  void jsonThatIsNotARequestIsAnInvalidRequest() throws Exception {
    final String invalid =
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request\"}}";
    assertEquals(invalid, send("\"hello\""));
    assertEquals("[" + invalid + "]", send("[1]"));
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32600,\"message\":\"invalid request\"}}",
        send("{\"jsonrpc\":\"2.0\",\"id\":4}"));
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"empty batch\"}}",
        send("[]"));
  }

  @Test
  void anUnknownMethodIsNamed() {
    final JsonNode error = error("foo_bar");
    assertEquals(-32601, error.get("code").asInt());
    assertEquals(
        "the method foo_bar does not exist/is not available", error.get("message").asText());
  }

  @Test
  void wrongParameterTypesAreInvalidParams() {
    assertInvalid(
        "invalid argument 0: json: cannot unmarshal number into Go value of type common.Address",
        "eth_getBalance",
        123,
        "latest");
    assertInvalid(
        "invalid argument 0: hex string has length 2, want 40 for common.Address",
        "eth_getBalance",
        "0x12",
        "latest");
    assertInvalid(
        "invalid argument 0: hex number with leading zero digits",
        "eth_getBlockByNumber",
        "0x01",
        false);
    assertInvalid(
        "invalid argument 0: hex string without 0x prefix", "eth_getBlockByNumber", "12", false);
    assertInvalid(
        "invalid argument 1: json: cannot unmarshal string into Go value of type bool",
        "eth_getBlockByNumber",
        "0x0",
        "yes");
    assertInvalid(
        "missing value for required argument 1", "eth_getBalance", InstamineNode.user().toHex());
    assertInvalid(
        "too many arguments, want at most 2",
        "eth_getBalance",
        InstamineNode.user().toHex(),
        "latest",
        1);
    assertInvalid("invalid argument 0: hex string of odd length", "web3_sha3", "0x123");
    assertInvalid(
        "invalid argument 1: cannot specify both BlockHash and BlockNumber, choose one or the other",
        "eth_getBalance",
        InstamineNode.user().toHex(),
        Map.of("blockHash", "0x" + "00".repeat(32), "blockNumber", "0x0"));
  }

  @Test
  void objectParamsAreRefused() throws Exception {
    final JsonNode response =
        Json.parse(send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":{}}"));
    assertEquals(-32602, response.get("error").get("code").asInt());
    assertEquals("non-array args", response.get("error").get("message").asText());
  }

  private static void assertInvalid(
      final String message, final String method, final Object... params) {
    final JsonNode error = error(method, params);
    assertEquals(-32602, error.get("code").asInt(), error::toString);
    assertEquals(message, error.get("message").asText());
  }

  @Test
  void anOversizedBatchGetsOneError() throws Exception {
    final List<String> calls = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      calls.add("{\"jsonrpc\":\"2.0\",\"id\":" + (100 + i) + ",\"method\":\"eth_chainId\"}");
    }
    // As geth: an array of one error with the id of the first call (the notification has none).
    calls.add(0, "{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}");
    assertEquals(
        "[{\"jsonrpc\":\"2.0\",\"id\":100,\"error\":{\"code\":-32600,\"message\":\"batch too large\"}}]",
        send("[" + String.join(",", calls) + "]"));
    calls.remove(0);
    calls.remove(0);
    assertEquals(10, Json.parse(send("[" + String.join(",", calls) + "]")).size());
  }

  @Test
  void anOversizedRequestIs413() throws Exception {
    final String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":[\"0x"
            + "ab".repeat(40_000)
            + "\"]}";
    final HttpResponse<String> response = post(body, Map.of());
    assertEquals(413, response.statusCode());
    assertTrue(response.body().startsWith("content length too large ("), response.body());
    assertEquals("0x539", result("eth_chainId").asText(), "the node stays healthy");
  }

  @Test
  void aBodyThatIsNotJsonIs415() throws Exception {
    final HttpResponse<String> response =
        post("{}", Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertEquals(415, response.statusCode());
    assertEquals(
        "invalid content type, only application/json is supported", response.body().trim());
  }

  @Test
  void jsonWithACharsetIsAccepted() throws Exception {
    final HttpResponse<String> response =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}",
            Map.of("Content-Type", "application/json; charset=utf-8"));
    assertEquals(200, response.statusCode());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x539\"}", response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
  }

  @Test
  void corsHeadersGoToAllowedOriginsOnly() throws Exception {
    final HttpResponse<String> allowed =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}",
            Map.of("Origin", "http://allowed.example"));
    assertEquals(
        "http://allowed.example",
        allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    final HttpResponse<String> other =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}",
            Map.of("Origin", "http://evil.example"));
    assertEquals(403, other.statusCode());
    assertFalse(other.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    assertEquals(
        "origin http://evil.example not allowed: this node serves browser pages from"
            + " http://allowed.example (--rpc-cors)",
        other.body().trim());
    final HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(uri)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://allowed.example")
                .header("Access-Control-Request-Method", "POST")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, preflight.statusCode());
    assertTrue(
        preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
    assertTrue(
        preflight
            .headers()
            .firstValue("Access-Control-Allow-Headers")
            .orElse("")
            .contains("Authorization"));
  }

  @Test
  void methodsThatChangeTheNodeNeedTheBearerToken() throws Exception {
    final String address = "0x00000000000000000000000000000000000000aa";
    final JsonNode missing = error("clique_propose", address, true);
    assertEquals(-32000, missing.get("code").asInt());
    assertTrue(missing.get("message").asText().startsWith("unauthorized"), missing::toString);
    final String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"clique_propose\",\"params\":[\""
            + address
            + "\",true]}";
    final JsonNode wrong =
        Json.parse(post(body, Map.of("Authorization", "Bearer not-the-token")).body());
    assertTrue(wrong.get("error").get("message").asText().startsWith("unauthorized"));
    assertTrue(result("clique_proposals").isEmpty());

    final JsonNode granted =
        Json.parse(post(body, Map.of("Authorization", "Bearer " + TOKEN)).body());
    assertTrue(granted.get("result").isNull(), granted::toString);
    assertEquals("{\"" + address + "\":true}", Json.write(result("clique_proposals")));

    final String discard =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"clique_discard\",\"params\":[\""
            + address
            + "\"]}";
    assertTrue(error("clique_discard", address).get("message").asText().startsWith("unauthorized"));
    final JsonNode discarded =
        Json.parse(post(discard, Map.of("Authorization", "Bearer " + TOKEN)).body());
    assertTrue(discarded.get("result").isNull(), discarded::toString);
    assertTrue(result("clique_proposals").isEmpty());
  }

  @Test
  void everyMethodOfTheIssueIsServed() {
    final List<String> methods =
        List.of(
            "web3_clientVersion",
            "web3_sha3",
            "net_version",
            "net_listening",
            "net_peerCount",
            "eth_chainId",
            "eth_syncing",
            "eth_blockNumber",
            "eth_gasPrice",
            "eth_maxPriorityFeePerGas",
            "eth_feeHistory",
            "eth_getBalance",
            "eth_getTransactionCount",
            "eth_getCode",
            "eth_getStorageAt",
            "eth_call",
            "eth_estimateGas",
            "eth_sendRawTransaction",
            "eth_getBlockByNumber",
            "eth_getBlockByHash",
            "eth_getBlockTransactionCountByNumber",
            "eth_getBlockTransactionCountByHash",
            "eth_getTransactionByHash",
            "eth_getTransactionByBlockNumberAndIndex",
            "eth_getTransactionByBlockHashAndIndex",
            "eth_getTransactionReceipt",
            "eth_getBlockReceipts",
            "eth_getLogs",
            "eth_newFilter",
            "eth_newBlockFilter",
            "eth_newPendingTransactionFilter",
            "eth_getFilterChanges",
            "eth_getFilterLogs",
            "eth_uninstallFilter",
            "eth_subscribe",
            "eth_unsubscribe",
            "eth_getProof",
            "eth_accounts",
            "clique_getSnapshot",
            "clique_getSnapshotAtHash",
            "clique_getSigners",
            "clique_getSignersAtHash",
            "clique_proposals",
            "clique_propose",
            "clique_discard",
            "clique_status",
            "clique_getSigner",
            "txpool_status",
            "txpool_content",
            "admin_nodeInfo",
            "admin_peers");
    try (io.amchain.api.rpc.server.RpcApi api =
        io.amchain.api.rpc.server.RpcApi.create(
            node,
            RpcConfig.defaults().toBuilder()
                .namespaces(java.util.Set.copyOf(RpcConfig.NAMESPACES))
                .build())) {
      assertEquals(new java.util.TreeSet<>(methods), api.registry().names());
      assertEquals(
          MethodRegistry.Access.RESTRICTED, api.registry().find("clique_propose").access());
      assertEquals(
          MethodRegistry.Access.RESTRICTED, api.registry().find("clique_discard").access());
      assertEquals(
          List.of(
              "admin_nodeInfo",
              "admin_peers",
              "clique_discard",
              "clique_propose",
              "txpool_content"),
          api.registry().names().stream()
              .filter(
                  name -> api.registry().find(name).access() == MethodRegistry.Access.RESTRICTED)
              .toList());
    }
  }

  @Test
  void theNodesAddressesAndThePoolsContentNeedTheBearerToken() {
    for (final String method : List.of("admin_nodeInfo", "admin_peers", "txpool_content")) {
      final JsonNode refused = error(method);
      assertEquals(-32000, refused.get("code").asInt());
      assertTrue(refused.get("message").asText().startsWith("unauthorized"), refused::toString);
    }
    result("txpool_status");
  }

  @Test
  void subscriptionsNeedAWebSocket() {
    final JsonNode error = error("eth_subscribe", "newHeads");
    assertEquals(-32601, error.get("code").asInt());
    assertEquals("notifications not supported", error.get("message").asText());
  }
}
