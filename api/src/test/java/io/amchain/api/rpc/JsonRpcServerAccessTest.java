package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.amchain.api.rpc.server.JsonRpcServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may reach a server left at its defaults: programs (no Origin) and pages on this machine,
 * requests naming a loopback host, the default namespaces; the rest is refused with geth's answers.
 * Requests go over a raw socket, so that the test sets the Host and Origin headers a browser would.
 */
class JsonRpcServerAccessTest {
  private static final String TOKEN = "access-test-token";
  private static final String CHAIN_ID =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}";

  @TempDir static Path directory;
  static ActorSystem<Void> system;
  static InstamineNode node;
  static JsonRpcServer server;

  @BeforeAll
  static void start() throws Exception {
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "rpc-access-test",
            ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
    node = new InstamineNode(directory);
    server =
        JsonRpcServer.start(
                system, node, RpcConfig.defaults().toBuilder().port(0).bearerToken(TOKEN).build())
            .toCompletableFuture()
            .get();
  }

  @AfterAll
  static void stop() {
    server.close();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    node.close();
  }

  /** The status line and the body of one request sent as raw HTTP/1.1 bytes. */
  private static String[] exchange(final String head, final String body) throws IOException {
    try (Socket socket =
        new Socket(java.net.InetAddress.getLoopbackAddress(), server.address().getPort())) {
      socket.setSoTimeout(30_000);
      final OutputStream out = socket.getOutputStream();
      final byte[] content = body.getBytes(StandardCharsets.UTF_8);
      out.write(
          (head
                  + (body.isEmpty()
                      ? ""
                      : "Content-Type: application/json\r\nContent-Length: "
                          + content.length
                          + "\r\n")
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      final InputStream in = socket.getInputStream();
      final String response = new String(readHead(in), StandardCharsets.UTF_8);
      final String status = response.substring(0, response.indexOf("\r\n"));
      if (status.contains(" 101 ")) {
        return new String[] {status, ""};
      }
      final String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new String[] {status, response.substring(response.indexOf("\r\n\r\n") + 4) + rest};
    }
  }

  private static byte[] readHead(final InputStream in) throws IOException {
    final java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      final int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static String[] post(final String host, final String origin) throws IOException {
    return exchange(
        "POST / HTTP/1.1\r\nHost: "
            + host
            + "\r\n"
            + (origin == null ? "" : "Origin: " + origin + "\r\n"),
        CHAIN_ID);
  }

  private static String[] upgrade(final String host, final String origin) throws IOException {
    return exchange(
        "GET / HTTP/1.1\r\nHost: "
            + host
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + (origin == null ? "" : "Origin: " + origin + "\r\n"),
        "");
  }

  private static String local() {
    return "127.0.0.1:" + server.address().getPort();
  }

  @Test
  void programsWithoutAnOriginAreServed() throws Exception {
    final String[] response = post(local(), null);
    assertTrue(response[0].contains(" 200 "), response[0]);
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x539\"}", response[1]);
    assertTrue(upgrade(local(), null)[0].contains(" 101 "));
  }

  @Test
  void pagesOnThisMachineAreServedOverHttpAndWebSocket() throws Exception {
    for (final String origin :
        List.of("http://localhost:3000", "https://127.0.0.1", "http://[::1]:8080")) {
      assertTrue(post(local(), origin)[0].contains(" 200 "), origin);
      assertTrue(upgrade(local(), origin)[0].contains(" 101 "), origin);
    }
  }

  @Test
  void anyOtherPageIsRefusedOverHttpAndWebSocket() throws Exception {
    for (final String origin :
        List.of(
            "http://evil.example",
            "null",
            "http://localhost.evil.example",
            "file://localhost",
            "http://127.0.0.1.evil.example:80")) {
      final String[] http = post(local(), origin);
      assertTrue(http[0].contains(" 403 "), origin + ": " + http[0]);
      assertTrue(http[1].startsWith("origin " + origin + " not allowed"), http[1]);
      final String[] webSocket = upgrade(local(), origin);
      assertTrue(webSocket[0].contains(" 403 "), origin + ": " + webSocket[0]);
      assertTrue(webSocket[1].contains("(--rpc-cors)"), webSocket[1]);
    }
  }

  @Test
  void aHostThatIsNotThisNodeIsRefusedAsGethRefusesIt() throws Exception {
    // DNS rebinding: the page's own name resolves to 127.0.0.1, and the browser sends that name.
    for (final String host :
        List.of("evil.example", "evil.example:" + server.address().getPort())) {
      final String[] http = post(host, null);
      assertTrue(http[0].contains(" 403 "), http[0]);
      assertEquals("invalid host specified", http[1].trim());
      assertTrue(upgrade(host, null)[0].contains(" 403 "));
    }
    for (final String host : List.of("localhost", "LOCALHOST:1", "[::1]:8545", local())) {
      assertTrue(post(host, null)[0].contains(" 200 "), host);
    }
  }

  @Test
  void starAndConfiguredNamesOpenTheHostCheck() {
    final RpcConfig any = RpcConfig.defaults().toBuilder().virtualHosts(List.of("*")).build();
    assertTrue(any.allowsHost("amchain-rpc.chain.svc:8545"));
    final RpcConfig named =
        RpcConfig.defaults().toBuilder().virtualHosts(List.of("amchain-rpc")).build();
    assertTrue(named.allowsHost("amchain-rpc:8545"));
    assertTrue(named.allowsHost("127.0.0.1:8545"), "the bind address is always served");
    assertFalse(named.allowsHost("localhost"));
    assertTrue(
        RpcConfig.defaults().toBuilder().host("10.0.0.7").build().allowsHost("10.0.0.7:8545"));
  }

  @Test
  void aMethodOfANamespaceNotServedDoesNotExist() throws Exception {
    final JsonNode response =
        Json.parse(
            exchange(
                "POST / HTTP/1.1\r\nHost: "
                    + local()
                    + "\r\nAuthorization: Bearer "
                    + TOKEN
                    + "\r\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"admin_peers\",\"params\":[]}")[1]);
    assertEquals(-32601, response.get("error").get("code").asInt(), response::toString);
    assertEquals(
        "the method admin_peers does not exist/is not available",
        response.get("error").get("message").asText());
    assertEquals(RpcConfig.DEFAULT_NAMESPACES, Set.of("eth", "net", "web3", "clique", "txpool"));
  }

  @Test
  void anUnknownNamespaceIsAConfigurationError() {
    final IllegalArgumentException error =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> RpcConfig.defaults().toBuilder().namespaces(Set.of("eth", "debug")).build());
    assertEquals(
        "unknown JSON-RPC namespace \"debug\" (there are eth, net, web3, clique, txpool, admin)",
        error.getMessage());
  }
}
