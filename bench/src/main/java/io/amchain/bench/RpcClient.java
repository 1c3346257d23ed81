package io.amchain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A minimal JSON-RPC client over HTTP for the load tools: single calls and batches. */
final class RpcClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI endpoint;

  RpcClient(final URI endpoint) {
    this.endpoint = endpoint;
  }

  URI endpoint() {
    return endpoint;
  }

  /** The result of one call; an error reply becomes an {@link RpcException}. */
  JsonNode call(final String method, final Object... params) {
    final JsonNode reply = post(request(1, method, List.of(params)));
    if (reply.has("error")) {
      throw new RpcException(method + ": " + reply.get("error"));
    }
    return reply.path("result");
  }

  /** One HTTP request holding {@code paramsList.size()} calls of the same method, in order. */
  List<JsonNode> batch(final String method, final List<List<Object>> paramsList) {
    final ArrayNode requests = JSON.createArrayNode();
    for (int i = 0; i < paramsList.size(); i++) {
      requests.add(request(i, method, paramsList.get(i)));
    }
    final JsonNode replies = post(requests);
    final JsonNode[] ordered = new JsonNode[paramsList.size()];
    for (final JsonNode reply : replies) {
      ordered[reply.path("id").asInt()] = reply;
    }
    return List.of(ordered);
  }

  private static ObjectNode request(final int id, final String method, final List<Object> params) {
    final ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0").put("id", id).put("method", method);
    request.set("params", JSON.valueToTree(params));
    return request;
  }

  private JsonNode post(final JsonNode body) {
    try {
      final HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new RpcException("HTTP " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(endpoint + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException("interrupted");
    }
  }

  static long quantity(final JsonNode hex) {
    return Long.parseLong(hex.asText().substring(2), 16);
  }

  /** A JSON-RPC error reply or an HTTP failure. */
  static final class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RpcException(final String message) {
      super(message);
    }
  }
}
