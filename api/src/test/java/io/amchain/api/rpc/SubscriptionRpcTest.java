package io.amchain.api.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.api.NodeBackend;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.Asm;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JSON-RPC over WebSocket on the same port: requests and batches, {@code newHeads}, {@code logs}
 * and {@code newPendingTransactions} subscriptions in geth's notification shape, unsubscribing, the
 * end of subscriptions with the connection, and the bearer token on the handshake.
 */
class SubscriptionRpcTest extends RpcTestSupport {
  static Address contract;

  /** A WebSocket connection to the server with these handshake headers. */
  private static WebSocketClient connect(final Map<String, String> headers) throws Exception {
    return new WebSocketClient(
        http, URI.create("ws://127.0.0.1:" + server.address().getPort() + "/"), headers);
  }

  @BeforeAll
  static void deployContract() {
    final Transaction deployment =
        deploy(InstamineNode.USER, 0, Asm.deployment(ContractRpcTest.runtime()));
    result("eth_sendRawTransaction", deployment.encoded().toHex());
    contract =
        Address.fromHex(
            result("eth_getTransactionReceipt", deployment.hash().toHex())
                .get("contractAddress")
                .asText());
  }

  /** Sends the user's next call of the contract's setter with {@code value}; it logs the value. */
  private static Transaction sendSet(final int value) {
    final long nonce =
        quantity(result("eth_getTransactionCount", InstamineNode.user().toHex(), "latest"));
    final Transaction set =
        Transaction.builder(TransactionType.DYNAMIC_FEE)
            .chainId(InstamineNode.CHAIN_ID)
            .nonce(nonce)
            .maxFeePerGas(UInt256.of(10_000_000_000L))
            .gasLimit(100_000)
            .to(contract)
            .data(Bytes.fromHex(ContractRpcTest.setInput(value)))
            .sign(InstamineNode.USER);
    result("eth_sendRawTransaction", set.encoded().toHex());
    return set;
  }

  @Test
  void requestsAndBatchesOverWebSocket() throws Exception {
    try (WebSocketClient client = connect(Map.of())) {
      assertEquals("0x539", client.call("eth_chainId").get("result").asText());
      client.send(
          "[{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"net_version\"},"
              + "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"eth_chainId\"}]");
      final JsonNode batch = client.next();
      assertEquals(2, batch.size());
      assertEquals("1337", batch.get(0).get("result").asText());
      client.send("{not json");
      assertEquals(-32700, client.next().get("error").get("code").asInt());
    }
  }

  @Test
  void newHeadsAreNotifiedInGethsShape() throws Exception {
    try (WebSocketClient client = connect(Map.of())) {
      final String id = client.call("eth_subscribe", "newHeads").get("result").asText();
      assertTrue(id.matches("0x[1-9a-f][0-9a-f]{0,31}"), id);
      node.sealEmpty(1);
      final Block head = node.head();
      final JsonNode notification = client.next();
      assertEquals("2.0", notification.get("jsonrpc").asText());
      assertEquals("eth_subscription", notification.get("method").asText());
      assertEquals(id, notification.get("params").get("subscription").asText());
      final JsonNode header = notification.get("params").get("result");
      assertEquals(head.hash().toHex(), header.get("hash").asText());
      assertEquals("0x" + Long.toHexString(head.number()), header.get("number").asText());
      assertEquals(
          List.of(
              "parentHash",
              "sha3Uncles",
              "miner",
              "stateRoot",
              "transactionsRoot",
              "receiptsRoot",
              "logsBloom",
              "difficulty",
              "number",
              "gasLimit",
              "gasUsed",
              "timestamp",
              "extraData",
              "mixHash",
              "nonce",
              "baseFeePerGas",
              "hash"),
          fieldNames(header));

      assertTrue(client.call("eth_unsubscribe", id).get("result").asBoolean());
      node.sealEmpty(1);
      // Notifications are queued while the block is sealed, so one would come before this reply.
      assertEquals(
          "0x" + Long.toHexString(node.head().number()),
          client.call("eth_blockNumber").get("result").asText());
      final JsonNode unknown = client.call("eth_unsubscribe", id).get("error");
      assertEquals("subscription not found", unknown.get("message").asText());
    }
  }

  private static List<String> fieldNames(final JsonNode object) {
    final List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void logsAreNotifiedWhenTheirBlockIsSealed() throws Exception {
    try (WebSocketClient client = connect(Map.of())) {
      final String id =
          client
              .call("eth_subscribe", "logs", Map.of("address", contract.toHex()))
              .get("result")
              .asText();
      final String other =
          client
              .call("eth_subscribe", "logs", Map.of("topics", List.of("0x" + "99".repeat(32))))
              .get("result")
              .asText();
      final Transaction set = sendSet(5);
      final JsonNode notification = client.next();
      assertEquals(id, notification.get("params").get("subscription").asText());
      final JsonNode log = notification.get("params").get("result");
      assertEquals(contract.toHex(), log.get("address").asText());
      assertEquals(set.hash().toHex(), log.get("transactionHash").asText());
      assertEquals(UInt256.of(5).toBytes32().toHex(), log.get("data").asText());
      assertTrue(client.call("eth_unsubscribe", other).get("result").asBoolean());
      assertTrue(client.call("eth_unsubscribe", id).get("result").asBoolean());
    }
  }

  /**
   * When the block of a log leaves the canonical chain, {@code logs} subscribers get the log again
   * with {@code removed: true}, then the logs of the blocks that joined; {@code newHeads} gets each
   * joined block, and polling filters collect the same.
   */
  @Test
  void aReorgReportsTheLogsThatLeftAsRemovedAndTheBlocksThatJoined() throws Exception {
    try (WebSocketClient client = connect(Map.of())) {
      final String logs =
          client
              .call("eth_subscribe", "logs", Map.of("address", contract.toHex()))
              .get("result")
              .asText();
      final String filter = result("eth_newFilter", Map.of("address", contract.toHex())).asText();
      final String blockFilter = result("eth_newBlockFilter").asText();
      final Transaction set = sendSet(7);
      final JsonNode added = client.next().get("params").get("result");
      assertFalse(added.get("removed").asBoolean());
      final Hash mined = Hash.fromHex(added.get("blockHash").asText());
      final Block left = node.chainStore().block(mined);
      // A block that holds none of the contract's logs stands in for the branch that joined.
      final Block joined = node.chainStore().block(node.chainStore().canonicalHash(0));
      result("eth_getFilterChanges", filter);
      result("eth_getFilterChanges", blockFilter);

      final String heads = client.call("eth_subscribe", "newHeads").get("result").asText();
      node.announce(new NodeBackend.HeadChange(List.of(left), List.of(joined)));

      final JsonNode removed = client.next().get("params");
      assertEquals(logs, removed.get("subscription").asText());
      assertTrue(removed.get("result").get("removed").asBoolean(), removed::toString);
      assertEquals(set.hash().toHex(), removed.get("result").get("transactionHash").asText());
      final JsonNode head = client.next().get("params");
      assertEquals(heads, head.get("subscription").asText());
      assertEquals(joined.hash().toHex(), head.get("result").get("hash").asText());

      final JsonNode polled = result("eth_getFilterChanges", filter);
      assertEquals(1, polled.size(), polled::toString);
      assertTrue(polled.get(0).get("removed").asBoolean());
      final JsonNode blocks = result("eth_getFilterChanges", blockFilter);
      assertEquals(List.of(joined.hash().toHex()), Json.MAPPER.convertValue(blocks, List.class));
      assertTrue(client.call("eth_unsubscribe", logs).get("result").asBoolean());
      assertTrue(client.call("eth_unsubscribe", heads).get("result").asBoolean());
    }
  }

  @Test
  void pendingTransactionsAsHashesOrObjects() throws Exception {
    try (WebSocketClient client = connect(Map.of())) {
      final String hashes =
          client.call("eth_subscribe", "newPendingTransactions").get("result").asText();
      final String full =
          client.call("eth_subscribe", "newPendingTransactions", true).get("result").asText();
      final Transaction parked =
          transfer(
              InstamineNode.SIGNER_KEYS[0],
              50,
              Address.fromHex("0x00000000000000000000000000000000000000ab"),
              1);
      node.hold(parked);
      final Map<String, JsonNode> bySubscription = new java.util.HashMap<>();
      for (int i = 0; i < 2; i++) {
        final JsonNode params = client.next().get("params");
        bySubscription.put(params.get("subscription").asText(), params.get("result"));
      }
      assertEquals(parked.hash().toHex(), bySubscription.get(hashes).asText());
      assertEquals(parked.hash().toHex(), bySubscription.get(full).get("hash").asText());
      assertTrue(bySubscription.get(full).get("blockHash").isNull());
      final JsonNode unknownKind = client.call("eth_subscribe", "syncing").get("error");
      assertEquals(-32601, unknownKind.get("code").asInt());
      assertEquals(
          "no \"syncing\" subscription in eth namespace", unknownKind.get("message").asText());
    }
  }

  @Test
  void subscriptionsEndWithTheirConnection() throws Exception {
    final int before = node.listenerCount();
    final WebSocketClient client = connect(Map.of());
    client.call("eth_subscribe", "newHeads");
    client.call("eth_subscribe", "newPendingTransactions");
    assertEquals(before + 2, node.listenerCount());
    client.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertEquals(before, node.listenerCount()));
  }

  @Test
  void aWebSocketFromAnOriginNotAllowedIsRefused() throws Exception {
    final java.util.concurrent.ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class,
            () -> connect(Map.of("Origin", "http://evil.example")));
    assertTrue(
        refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused::toString);
    try (WebSocketClient allowed = connect(Map.of("Origin", "http://allowed.example"))) {
      assertEquals("0x539", allowed.call("eth_chainId").get("result").asText());
    }
  }

  @Test
  void theBearerTokenComesWithTheHandshake() throws Exception {
    final String address = "0x00000000000000000000000000000000000000bb";
    try (WebSocketClient anonymous = connect(Map.of())) {
      final JsonNode refused = anonymous.call("clique_propose", address, false).get("error");
      assertTrue(refused.get("message").asText().startsWith("unauthorized"));
    }
    try (WebSocketClient operator = connect(Map.of("Authorization", "Bearer " + TOKEN))) {
      assertTrue(operator.call("clique_propose", address, false).get("result").isNull());
      assertEquals(
          "{\"" + address + "\":false}",
          Json.write(operator.call("clique_proposals").get("result")));
      assertTrue(operator.call("clique_discard", address).get("result").isNull());
    }
  }
}
