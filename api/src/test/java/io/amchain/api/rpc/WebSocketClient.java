package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The RPC tests' WebSocket client: it queues every text message it receives, sends calls and reads
 * their answers, each step within {@value #WAIT_SECONDS} s.
 */
final class WebSocketClient implements WebSocket.Listener, AutoCloseable {
  private static final long WAIT_SECONDS = 10;

  final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  final WebSocket socket;
  private final StringBuilder partial = new StringBuilder();
  private int nextId = 1;

  /** Opens a connection to {@code uri} with these handshake headers. */
  WebSocketClient(final HttpClient http, final URI uri, final Map<String, String> headers)
      throws Exception {
    final WebSocket.Builder builder = http.newWebSocketBuilder();
    headers.forEach(builder::header);
    socket = builder.buildAsync(uri, this).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public CompletionStage<?> onText(
      final WebSocket webSocket, final CharSequence data, final boolean last) {
    partial.append(data);
    if (last) {
      messages.add(Json.parse(partial.toString()));
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  void send(final String text) throws Exception {
    socket.sendText(text, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Sends a call and returns the next message, which must be its response. */
  JsonNode call(final String method, final Object... params) throws Exception {
    final int id = nextId++;
    send(
        Json.write(
            Json.object()
                .put("jsonrpc", "2.0")
                .put("id", id)
                .put("method", method)
                .set("params", Json.MAPPER.valueToTree(List.of(params)))));
    final JsonNode response = next();
    assertEquals(id, response.path("id").asInt(), response::toString);
    return response;
  }

  JsonNode next() throws InterruptedException {
    final JsonNode message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(message, "no message within " + WAIT_SECONDS + " s");
    return message;
  }

  @Override
  public void close() throws Exception {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
