package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.amchain.api.rpc.server.JsonRpcServer;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.Asm;
import io.amchain.vm.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each cap on what one client may take, against a second server over the same node whose caps are
 * small: logs per query, filters, subscriptions per connection, WebSocket connections, response
 * size; a WebSocket client that stops reading is dropped with a last message and a close frame; a
 * call that times out stops running.
 */
class JsonRpcServerLimitsTest extends RpcTestSupport {
  static ActorSystem<Void> smallBuffers;
  static JsonRpcServer limited;
  static Address contract;

  @BeforeAll
  static void startLimitedServerAndLogThrice() throws Exception {
    // Small socket buffers, so that a client that does not read fills the node's queue soon.
    smallBuffers =
        ActorSystem.create(
            Behaviors.empty(),
            "rpc-limits-test",
            ConfigFactory.parseMap(
                    Map.of(
                        "pekko.loglevel", "WARNING",
                        "pekko.stdout-loglevel", "WARNING",
                        "pekko.http.server.socket-options.so-send-buffer-size", "8192",
                        "pekko.http.server.socket-options.so-receive-buffer-size", "8192"))
                .withFallback(ConfigFactory.load()));
    final RpcConfig config =
        RpcConfig.defaults().toBuilder()
            .port(0)
            .webSocketBuffer(8)
            .limits(
                RpcConfig.Limits.defaults().toBuilder()
                    .logs(2)
                    .filters(3)
                    .subscriptionsPerConnection(2)
                    .connections(3)
                    .build())
            .build();
    limited = JsonRpcServer.start(smallBuffers, node, config).toCompletableFuture().get();
    final Transaction deployment =
        deploy(InstamineNode.USER, 0, Asm.deployment(ContractRpcTest.runtime()));
    result("eth_sendRawTransaction", deployment.encoded().toHex());
    contract =
        Address.fromHex(
            result("eth_getTransactionReceipt", deployment.hash().toHex())
                .get("contractAddress")
                .asText());
    for (int i = 1; i <= 3; i++) {
      final Transaction set =
          Transaction.builder(TransactionType.DYNAMIC_FEE)
              .chainId(InstamineNode.CHAIN_ID)
              .nonce(i)
              .maxFeePerGas(UInt256.of(10_000_000_000L))
              .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
              .gasLimit(100_000)
              .to(contract)
              .data(Bytes.fromHex(ContractRpcTest.setInput(i)))
              .sign(InstamineNode.USER);
      result("eth_sendRawTransaction", set.encoded().toHex());
    }
  }

  @AfterAll
  static void stopLimitedServer() {
    limited.close();
    smallBuffers.terminate();
    smallBuffers.getWhenTerminated().toCompletableFuture().join();
  }

  private static URI limitedUri(final String scheme) {
    return URI.create(scheme + "://127.0.0.1:" + limited.address().getPort() + "/");
  }

  private static JsonNode callLimited(final String method, final Object... params)
      throws Exception {
    final String body =
        Json.write(
            Json.object()
                .put("jsonrpc", "2.0")
                .put("id", 1)
                .put("method", method)
                .set("params", Json.MAPPER.valueToTree(List.of(params))));
    return Json.parse(
        http.send(
                HttpRequest.newBuilder(limitedUri("http"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  @Test
  void aLogQueryOverTheLimitIsRefusedWhole() throws Exception {
    final JsonNode all =
        callLimited("eth_getLogs", Map.of("fromBlock", "0x0", "address", contract.toHex()));
    assertEquals(-32005, all.path("error").path("code").asInt(), all::toString);
    assertEquals(
        "query returned more than 2 results (--rpc-logs-limit)",
        all.get("error").get("message").asText());
    final String head = "0x" + Long.toHexString(node.head().number());
    final JsonNode last =
        callLimited(
            "eth_getLogs", Map.of("fromBlock", head, "toBlock", head, "address", contract.toHex()));
    assertEquals(1, last.get("result").size(), last::toString);
    assertEquals(3, result("eth_getLogs", Map.of("fromBlock", "0x0")).size(), "the default cap");
  }

  @Test
  void filtersAreCappedOverAllClients() throws Exception {
    final List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(callLimited("eth_newBlockFilter").get("result").asText());
    }
    final JsonNode refused = callLimited("eth_newBlockFilter");
    assertEquals(-32005, refused.path("error").path("code").asInt(), refused::toString);
    assertTrue(
        refused.get("error").get("message").asText().startsWith("too many filters installed"));
    assertTrue(callLimited("eth_uninstallFilter", ids.remove(0)).get("result").asBoolean());
    ids.add(callLimited("eth_newBlockFilter").get("result").asText());
    for (final String id : ids) {
      callLimited("eth_uninstallFilter", id);
    }
  }

  /** A WebSocket connection to the limited server. */
  private static WebSocketClient connectLimited() throws Exception {
    return new WebSocketClient(http, limitedUri("ws"), Map.of());
  }

  @Test
  void subscriptionsAreCappedPerConnection() throws Exception {
    try (WebSocketClient first = connectLimited();
        WebSocketClient second = connectLimited()) {
      assertTrue(first.call("eth_subscribe", "newHeads").has("result"));
      assertTrue(first.call("eth_subscribe", "newPendingTransactions").has("result"));
      final JsonNode refused = first.call("eth_subscribe", "newHeads");
      assertEquals(-32005, refused.path("error").path("code").asInt(), refused::toString);
      assertEquals(
          "too many subscriptions on this connection (limit 2, --rpc-max-subscriptions)",
          refused.get("error").get("message").asText());
      assertTrue(second.call("eth_subscribe", "newHeads").has("result"), "another connection");
    }
  }

  @Test
  void connectionsOverTheLimitAreRefusedWith503() throws Exception {
    final TestProbe<Void> probe = TestProbe.create(smallBuffers);
    final List<WebSocketClient> open = new ArrayList<>();
    try {
      // Connections of other tests end asynchronously: wait until three can be open.
      while (open.size() < 3) {
        open.add(probe.awaitAssert(Duration.ofSeconds(30), () -> assertOpens()));
      }
      final ExecutionException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () ->
                  http.newWebSocketBuilder()
                      .buildAsync(limitedUri("ws"), new WebSocket.Listener() {})
                      .get(10, TimeUnit.SECONDS));
      assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused::toString);
      final HttpResponse<?> response =
          ((WebSocketHandshakeException) refused.getCause()).getResponse();
      assertEquals(503, response.statusCode());
      assertEquals(
          "too many WebSocket connections (limit 3, --rpc-max-connections)",
          String.valueOf(response.body()).trim());
      open.remove(0).close();
      open.add(probe.awaitAssert(Duration.ofSeconds(30), () -> assertOpens()));
    } finally {
      for (final WebSocketClient client : open) {
        client.close();
      }
    }
  }

  private static WebSocketClient assertOpens() {
    try {
      return connectLimited();
    } catch (Exception e) {
      throw new AssertionError("refused: " + e, e);
    }
  }

  @Test
  void aClientThatStopsReadingIsToldWhyAndDisconnected() throws Exception {
    final TestProbe<Void> probe = TestProbe.create(smallBuffers);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), limited.address().getPort()));
      final OutputStream out = socket.getOutputStream();
      final DataInputStream in = new DataInputStream(socket.getInputStream());
      out.write(
          String.join(
                  "\r\n",
                  "GET / HTTP/1.1",
                  "Host: 127.0.0.1",
                  "Upgrade: websocket",
                  "Connection: Upgrade",
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                  "Sec-WebSocket-Version: 13",
                  "",
                  "")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertTrue(readHead(in).startsWith("HTTP/1.1 101"));
      final int before = node.listenerCount();
      sendText(
          out,
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}");
      probe.awaitAssert(
          Duration.ofSeconds(30),
          () -> {
            assertEquals(before + 1, node.listenerCount());
            return null;
          });
      // Requests without reading a reply: 200 calls a message, each answered with 8 KB.
      final StringBuilder batch = new StringBuilder("[");
      for (int i = 0; i < 200; i++) {
        batch.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i);
        batch.append(",\"method\":\"eth_chainId\"}");
      }
      final String flood = batch.append(']').toString();
      final Thread writer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 1000; i++) {
                    sendText(out, flood);
                  }
                } catch (IOException e) {
                  // The node stopped reading this connection, or the test closed the socket.
                }
              });
      writer.setDaemon(true);
      writer.start();
      // Dropped: the connection's subscription ends although the client never closed it.
      probe.awaitAssert(
          Duration.ofSeconds(60),
          () -> {
            assertEquals(before, node.listenerCount());
            return null;
          });
      String lastText = null;
      int closeCode = -1;
      while (closeCode < 0) {
        final int first = in.readUnsignedByte();
        final int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        final byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        final int opcode = first & 0x0f;
        if (opcode == 0x1) {
          lastText = new String(payload, StandardCharsets.UTF_8);
        } else if (opcode == 0x8) {
          closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
      }
      assertNotNull(lastText);
      final JsonNode farewell = Json.parse(lastText);
      assertTrue(farewell.has("error"), lastText.substring(0, Math.min(300, lastText.length())));
      assertEquals(-32005, farewell.get("error").get("code").asInt(), lastText);
      assertTrue(
          farewell
              .get("error")
              .get("message")
              .asText()
              .startsWith("connection closed: the client read too slowly"),
          lastText);
      assertEquals(1000, closeCode, "Pekko's message API closes with 1000 after the farewell");
    }
  }

  private static String readHead(final InputStream in) throws IOException {
    final ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      final int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** One masked text frame (the mask key is zero: the payload goes as it is). */
  private static void sendText(final OutputStream out, final String text) throws IOException {
    final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) (((long) payload.length >>> shift) & 0xff));
      }
    }
    frame.write(new byte[4]);
    frame.write(payload);
    synchronized (out) {
      out.write(frame.toByteArray());
      out.flush();
    }
  }

  @Test
  void aResponseOverTheSizeLimitIsReplacedByAnError() throws Exception {
    final JsonRpcProcessor processor =
        new JsonRpcProcessor(
            MethodRegistry.builder()
                .read("test_word", (p, c) -> Json.text("0x" + "ab".repeat(32)))
                .build(),
            Runnable::run,
            Duration.ofSeconds(5),
            100,
            CallObserver.NONE,
            400);
    final StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 6; i++) {
      batch.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i);
      batch.append(",\"method\":\"test_word\"}");
    }
    final JsonNode answers =
        Json.parse(
            processor
                .handle(batch.append(']').toString(), new RpcContext(false, null))
                .toCompletableFuture()
                .get()
                .orElseThrow());
    // Each answer is 102 characters: three fit in 400 with the brackets and commas, then errors.
    for (int i = 0; i < 6; i++) {
      final JsonNode answer = answers.get(i);
      assertEquals(i, answer.get("id").asInt());
      assertEquals(i >= 3, answer.has("error"), answer::toString);
    }
    assertEquals(
        "{\"code\":-32003,\"message\":\"response too large (limit 400 bytes)\"}",
        Json.write(answers.get(5).get("error")));
  }

  @Test
  void aCallThatTimesOutStopsRunning() throws Exception {
    final CountDownLatch stopped = new CountDownLatch(1);
    final ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      final JsonRpcProcessor processor =
          new JsonRpcProcessor(
              MethodRegistry.builder()
                  .read(
                      "test_spin",
                      (p, c) -> {
                        // Work that checks the flag as the EVM and the log scans do.
                        try {
                          while (true) {
                            Cancellation.current().check();
                            Thread.onSpinWait();
                          }
                        } finally {
                          stopped.countDown();
                        }
                      })
                  .build(),
              executor,
              Duration.ofMillis(200),
              10);
      final String answer =
          processor
              .handle(
                  "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_spin\"}",
                  new RpcContext(false, null))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS)
              .orElseThrow();
      assertEquals(
          "{\"code\":-32002,\"message\":\"request timed out\"}",
          Json.write(Json.parse(answer).get("error")));
      assertTrue(stopped.await(30, TimeUnit.SECONDS), "the method still runs after its timeout");
      assertFalse(Cancellation.current().isCancelled(), "the test thread's own flag is untouched");
    } finally {
      executor.shutdownNow();
    }
  }
}
