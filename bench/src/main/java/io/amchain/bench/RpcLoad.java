package io.amchain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.crypto.DevAccounts;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on a running node's JSON-RPC (issue 6's figures): {@code eth_blockNumber} requests per
 * second over HTTP, {@code eth_sendRawTransaction} accepts per second (transfers pre-signed from
 * the devnet's funded accounts), and the delay from a block's timestamp to its {@code newHeads}
 * notification over WebSocket.
 *
 * <p>Usage, against a devnet started with {@code ./amchain devnet}: {@code java -cp
 * bench/target/benchmarks.jar io.amchain.bench.RpcLoad [http://127.0.0.1:8545] [seconds]
 * [concurrency] [transactions]}
 */
public final class RpcLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RpcLoad() {}

  public static void main(final String[] args) throws Exception {
    final URI endpoint = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8545");
    final int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    final int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    final int transactions = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
    System.out.printf("RPC load on %s, %d s, %d in flight%n", endpoint, seconds, concurrency);
    final List<Long> heads = new ArrayList<>();
    final WebSocket socket = subscribeNewHeads(endpoint, heads);
    blockNumber(endpoint, seconds, concurrency);
    sendRawTransactions(endpoint, transactions, concurrency);
    Thread.sleep(5_000);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    synchronized (heads) {
      if (!heads.isEmpty()) {
        Collections.sort(heads);
        System.out.printf(
            "newHeads over WebSocket: %d notifications, delay after the block timestamp p50 %d ms,"
                + " p99 %d ms%n",
            heads.size(), percentile(heads, 50), percentile(heads, 99));
      }
    }
  }

  private static long percentile(final List<Long> sorted, final int p) {
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  private static CompletableFuture<String> post(final URI endpoint, final String body) {
    return HTTP.sendAsync(
            HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(HttpResponse::body);
  }

  private static void blockNumber(final URI endpoint, final int seconds, final int concurrency)
      throws InterruptedException {
    final String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]}";
    final Semaphore inFlight = new Semaphore(concurrency);
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final long start = System.nanoTime();
    final long end = start + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < end) {
      inFlight.acquire();
      final var unused =
          post(endpoint, body)
              .whenComplete(
                  (response, error) -> {
                    (error == null && response.contains("\"result\"") ? ok : failed)
                        .incrementAndGet();
                    inFlight.release();
                  });
    }
    inFlight.acquire(concurrency);
    final double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "eth_blockNumber: %.0f requests/s (%d ok, %d failed)%n",
        ok.get() / elapsed, ok.get(), failed.get());
  }

  private static void sendRawTransactions(
      final URI endpoint, final int count, final int concurrency) throws Exception {
    final long chainId = Long.decode(result(endpoint, "eth_chainId", "[]").asText());
    final List<PrivateKey> keys = DevAccounts.keys(DevAccounts.MNEMONIC, 10);
    final Address sink = PrivateKey.generate().publicKey().address();
    final long[] nonces = new long[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      nonces[k] =
          Long.decode(
              result(
                      endpoint,
                      "eth_getTransactionCount",
                      "[\"" + keys.get(k).publicKey().address() + "\",\"pending\"]")
                  .asText());
    }
    final List<String> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      final int k = i % keys.size();
      final Transaction tx =
          Transaction.builder(TransactionType.DYNAMIC_FEE)
              .chainId(chainId)
              .nonce(nonces[k]++)
              .maxPriorityFeePerGas(UInt256.of(1_000_000_000L))
              .maxFeePerGas(UInt256.of(100_000_000_000L))
              .gasLimit(21_000)
              .to(sink)
              .value(UInt256.ONE)
              .sign(keys.get(k));
      bodies.add(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendRawTransaction\",\"params\":[\""
              + tx.encoded().toHex()
              + "\"]}");
    }
    final Semaphore inFlight = new Semaphore(concurrency);
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final long start = System.nanoTime();
    for (final String body : bodies) {
      inFlight.acquire();
      final var unused =
          post(endpoint, body)
              .whenComplete(
                  (response, error) -> {
                    (error == null && response.contains("\"result\"") ? accepted : refused)
                        .incrementAndGet();
                    inFlight.release();
                  });
    }
    inFlight.acquire(concurrency);
    final double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "eth_sendRawTransaction: %.0f accepted/s (%d accepted, %d refused)%n",
        accepted.get() / elapsed, accepted.get(), refused.get());
  }

  private static JsonNode result(final URI endpoint, final String method, final String params)
      throws Exception {
    final String response =
        post(
                endpoint,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
                    + method
                    + "\",\"params\":"
                    + params
                    + "}")
            .get();
    return JSON.readTree(response).get("result");
  }

  private static WebSocket subscribeNewHeads(final URI endpoint, final List<Long> delays) {
    final URI ws = URI.create(endpoint.toString().replaceFirst("^http", "ws"));
    return HTTP.newWebSocketBuilder()
        .buildAsync(
            ws,
            new WebSocket.Listener() {
              private final StringBuilder text = new StringBuilder();

              @Override
              public CompletionStage<?> onText(
                  final WebSocket socket, final CharSequence data, final boolean last) {
                text.append(data);
                if (last) {
                  final long now = System.currentTimeMillis();
                  try {
                    final JsonNode message = JSON.readTree(text.toString());
                    final JsonNode head = message.path("params").path("result");
                    if (head.has("timestamp")) {
                      synchronized (delays) {
                        delays.add(now - Long.decode(head.get("timestamp").asText()) * 1000);
                      }
                    }
                  } catch (java.io.IOException e) {
                    System.err.println("bad notification: " + e.getMessage());
                  }
                  text.setLength(0);
                }
                socket.request(1);
                return null;
              }
            })
        .thenApply(
            socket -> {
              final var unused =
                  socket.sendText(
                      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}",
                      true);
              return socket;
            })
        .join();
  }
}
