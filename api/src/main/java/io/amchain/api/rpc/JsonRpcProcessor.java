package io.amchain.api.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.api.ProposalRefusedException;
import io.amchain.api.TransactionRejectedException;
import io.amchain.vm.Cancellation;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over any transport: request text in, response text out (none when every message was
 * a notification). Batches are answered in order, one call after the other, as geth does. Methods
 * run on {@code executor} (a blocking dispatcher: they read RocksDB and run the EVM) and get {@code
 * timeout} to answer; {@code observer} is told how long each call of a registered method took.
 */
public final class JsonRpcProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcProcessor.class);
  private static final SecureRandom INCIDENTS = new SecureRandom();

  private final MethodRegistry registry;
  private final Executor executor;
  private final Duration timeout;
  private final int maxBatchLength;
  private final CallObserver observer;
  private final long maxResponseBytes;

  public JsonRpcProcessor(
      final MethodRegistry registry,
      final Executor executor,
      final Duration timeout,
      final int maxBatchLength) {
    this(registry, executor, timeout, maxBatchLength, CallObserver.NONE);
  }

  public JsonRpcProcessor(
      final MethodRegistry registry,
      final Executor executor,
      final Duration timeout,
      final int maxBatchLength,
      final CallObserver observer) {
    this(
        registry,
        executor,
        timeout,
        maxBatchLength,
        observer,
        RpcConfig.Limits.defaults().responseBytes());
  }

  /**
   * @param maxResponseBytes a response longer than this, a batch's responses together, is replaced
   *     by a -32003 "response too large" error (for a batch: each response from the one that
   *     crosses the limit on)
   */
  public JsonRpcProcessor(
      final MethodRegistry registry,
      final Executor executor,
      final Duration timeout,
      final int maxBatchLength,
      final CallObserver observer,
      final long maxResponseBytes) {
    this.registry = registry;
    this.executor = executor;
    this.timeout = timeout;
    this.maxBatchLength = maxBatchLength;
    this.observer = observer;
    this.maxResponseBytes = maxResponseBytes;
  }

  public MethodRegistry registry() {
    return registry;
  }

  /** Answers a request or a batch. */
  public CompletionStage<Optional<String>> handle(final String text, final RpcContext context) {
    final JsonNode request;
    try {
      request = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return done(errorResponse(null, RpcError.PARSE_ERROR.exception()));
    }
    if (request == null || request.isMissingNode()) {
      return done(errorResponse(null, RpcError.PARSE_ERROR.exception()));
    }
    if (!request.isArray()) {
      return handleOne(request, context)
          .thenApply(response -> response.map(one -> bounded(one, 0)));
    }
    if (request.isEmpty()) {
      return done(errorResponse(null, RpcError.INVALID_REQUEST.exception("empty batch")));
    }
    if (request.size() > maxBatchLength) {
      // The protocol has no batch-wide error: as geth, a batch of one error carrying the id of the
      // batch's first call, so that clients still get the array a batch is answered with.
      JsonNode id = null;
      for (final JsonNode message : request) {
        if (message.isObject() && message.has("id") && message.has("method")) {
          id = message.get("id");
          break;
        }
      }
      final ArrayNode answer = Json.array();
      answer.add(error(id, RpcError.INVALID_REQUEST.exception("batch too large")));
      return done(Json.write(answer));
    }
    return handleBatch(request, context);
  }

  private CompletionStage<Optional<String>> handleBatch(
      final JsonNode batch, final RpcContext context) {
    final List<ObjectNode> responses = new ArrayList<>(batch.size());
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (final JsonNode message : batch) {
      chain =
          chain
              .thenCompose(ignored -> handleOne(message, context))
              .thenAccept(r -> r.ifPresent(responses::add));
    }
    return chain.thenApply(
        ignored -> {
          if (responses.isEmpty()) {
            return Optional.empty();
          }
          final StringBuilder array = new StringBuilder("[");
          long length = 2;
          for (final ObjectNode response : responses) {
            if (array.length() > 1) {
              array.append(',');
              length++;
            }
            final String json = bounded(response, length);
            array.append(json);
            length += json.length();
          }
          return Optional.of(array.append(']').toString());
        });
  }

  /**
   * {@code response} as text, or the error that replaces it when it would take the answer, of which
   * {@code before} characters are written, past the response size limit. The results are ASCII (hex
   * and JSON punctuation), so characters count bytes.
   */
  private String bounded(final ObjectNode response, final long before) {
    final String json = Json.write(response);
    if (before + json.length() <= maxResponseBytes) {
      return json;
    }
    return Json.write(
        error(
            response.get("id"),
            RpcError.RESPONSE_TOO_LARGE.exception(
                "response too large (limit " + maxResponseBytes + " bytes)")));
  }

  private CompletionStage<Optional<ObjectNode>> handleOne(
      final JsonNode message, final RpcContext context) {
    if (!message.isObject()) {
      return CompletableFuture.completedFuture(
          Optional.of(error(null, RpcError.INVALID_REQUEST.exception())));
    }
    final JsonNode id = message.get("id");
    final boolean notification = id == null;
    if (id != null && (id.isObject() || id.isArray())) {
      return CompletableFuture.completedFuture(
          Optional.of(error(null, RpcError.INVALID_REQUEST.exception())));
    }
    final JsonNode methodNode = message.get("method");
    if (methodNode == null || !methodNode.isTextual() || methodNode.textValue().isEmpty()) {
      return CompletableFuture.completedFuture(
          Optional.of(error(id, RpcError.INVALID_REQUEST.exception())));
    }
    final String method = methodNode.textValue();
    return call(method, message.get("params"), context)
        .handle(
            (result, failure) -> {
              if (notification) {
                return Optional.<ObjectNode>empty();
              }
              if (failure != null) {
                return Optional.of(error(id, toRpcException(method, failure)));
              }
              final ObjectNode response = envelope(id);
              response.set("result", result);
              return Optional.of(response);
            });
  }

  private CompletableFuture<JsonNode> call(
      final String name, final @Nullable JsonNode params, final RpcContext context) {
    final MethodRegistry.Entry entry = registry.find(name);
    if (entry == null) {
      return CompletableFuture.failedFuture(RpcError.methodNotFound(name));
    }
    if (entry.access() == MethodRegistry.Access.RESTRICTED && !context.authorized()) {
      return CompletableFuture.failedFuture(
          RpcError.UNAUTHORIZED.exception(
              "unauthorized: " + name + " needs the node's bearer token (Authorization: Bearer)"));
    }
    final long start = System.nanoTime();
    // Set once the caller has its answer, the timeout error included: the EVM and log scans the
    // method runs poll it and stop, so that a timed-out call frees its thread.
    final Cancellation cancellation = Cancellation.create();
    return CompletableFuture.supplyAsync(
            () -> cancellation.run(() -> entry.method().invoke(Params.of(params), context)),
            executor)
        .thenCompose(stage -> stage)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (result, failure) -> {
              cancellation.cancel();
              observer.completed(name, Duration.ofNanos(System.nanoTime() - start));
            });
  }

  private static RpcException toRpcException(final String method, final Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RpcException rpc) {
      return rpc;
    }
    if (cause instanceof TransactionRejectedException rejected) {
      return RpcError.transactionRefused(rejected.reason(), rejected.detail());
    }
    if (cause instanceof ProposalRefusedException refused) {
      return RpcError.SERVER_ERROR.exception(String.valueOf(refused.getMessage()));
    }
    if (cause instanceof TimeoutException || cause instanceof Cancellation.CancelledException) {
      return RpcError.TIMEOUT.exception();
    }
    // The client learns that it failed and which log line says why, never the node's internals.
    final String incident = Long.toHexString(INCIDENTS.nextLong() >>> 16);
    LOG.warn("JSON-RPC method {} failed (incident {})", method, incident, cause);
    return RpcError.INTERNAL_ERROR.exception("internal error (incident " + incident + ")");
  }

  private static CompletionStage<Optional<String>> done(final String response) {
    return CompletableFuture.completedFuture(Optional.of(response));
  }

  private static String errorResponse(final @Nullable JsonNode id, final RpcException e) {
    return Json.write(error(id, e));
  }

  /** An error response; ids are echoed as given, absent ones as null. */
  public static ObjectNode error(final @Nullable JsonNode id, final RpcException e) {
    final ObjectNode response = envelope(id);
    final ObjectNode error = response.putObject("error");
    error.put("code", e.code());
    error.put("message", e.getMessage());
    if (e.data() != null) {
      error.put("data", e.data().toHex());
    }
    return response;
  }

  private static ObjectNode envelope(final @Nullable JsonNode id) {
    final ObjectNode response = Json.object();
    response.put("jsonrpc", "2.0");
    response.set("id", id == null ? Json.nullNode() : id);
    return response;
  }
}
