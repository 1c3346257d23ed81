package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.api.rpc.server.RpcApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz target for the JSON-RPC request parser and every method's parameter decoders, in-process:
 * the real registry of every namespace ({@link RpcApi}) over a real node ({@link InstamineNode}:
 * RocksDB, the EVM, Clique), no server (docs/fuzzing.md). Byte 0 of the input says whether the
 * caller holds the bearer token (odd: yes); the rest is the request text. Property: every request
 * gets no answer (notifications only) or a well-formed JSON-RPC 2.0 answer, each response with
 * exactly one of result and error, and never -32603: an internal error means some input reached an
 * exception no decoder turned into -32602 or -32000. Seeds: {@code JsonRpcFuzzTestInputs/},
 * requests carrying TransactionTests transactions and senders.
 */
class JsonRpcFuzzTest {
  private static Path directory;
  private static InstamineNode node;
  private static RpcApi api;
  private static JsonRpcProcessor processor;

  /**
   * Started by the first input rather than in {@code @BeforeAll}, which runs before Jazzer installs
   * its agent: classes loaded then are instrumented by retransformation, and a retransformed record
   * ({@code Genesis}) threw NoSuchFieldError on its own field's accessor.
   */
  private static void startOnce() throws IOException {
    if (processor != null) {
      return;
    }
    directory = Files.createTempDirectory("amchain-rpc-fuzz");
    node = new InstamineNode(directory);
    api = RpcApi.create(node, RpcConfig.defaults());
    processor = new JsonRpcProcessor(api.registry(), Runnable::run, Duration.ofSeconds(30), 10);
  }

  @AfterAll
  static void stop() throws IOException {
    if (processor == null) {
      return;
    }
    api.close();
    node.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @FuzzTest
  void everyRequestGetsAWellFormedAnswer(final byte[] input) throws Exception {
    startOnce();
    if (input.length == 0) {
      return;
    }
    final boolean authorized = (input[0] & 1) == 1;
    final String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    final Optional<String> answer =
        processor
            .handle(text, new RpcContext(authorized, null))
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    if (answer.isEmpty()) {
      return;
    }
    final JsonNode json = Json.parse(answer.get());
    final List<JsonNode> responses = new ArrayList<>();
    if (json.isArray()) {
      json.forEach(responses::add);
    } else {
      responses.add(json);
    }
    for (final JsonNode response : responses) {
      assertTrue(response.isObject(), answer.get());
      assertEquals("2.0", response.path("jsonrpc").asText(), answer.get());
      assertTrue(response.has("result") != response.has("error"), answer.get());
      if (response.has("error")) {
        final JsonNode error = response.get("error");
        assertTrue(error.path("code").isInt() && error.path("message").isTextual(), answer.get());
        assertNotEquals(RpcError.INTERNAL_ERROR.code(), error.get("code").asInt(), answer.get());
      }
    }
  }
}
