package io.amchain.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.store.ChainStore;
import io.amchain.ledger.store.Storage;
import io.amchain.ledger.types.Hash;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator runs a node with, on one signer's node process: node-0 of a one-signer devnet,
 * started again by hand with {@code amchain node --config node.conf} as a service manager would.
 * JSON log lines for log collectors, the metrics endpoint switched off, and a SIGTERM that ends the
 * process with exit 0 after its stores are closed, so that they reopen at once with the same head.
 */
class NodeOperationsTest {
  private static final int PORT_OFFSET = 780;
  private static final Duration LIMIT = Duration.ofMinutes(2);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "amchain-node.json");

  @TempDir static Path directory;
  static Path home;
  private final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void createSignerNode() {
    DevnetProcess.start(directory.resolve("devnet"), 1, PORT_OFFSET, "--no-platform").close();
    home = directory.resolve("devnet").resolve("node-0");
  }

  @AfterEach
  void stopNodes() {
    for (final Process node : started) {
      if (node.isAlive()) {
        node.destroyForcibly();
        node.onExit().join();
      }
    }
  }

  @Test
  void logFormatJsonWritesEveryLineAsAJsonObject() throws IOException {
    final Path log = directory.resolve("json.log");
    final Process node = start(log, Map.of(), "--log-format", "json");
    awaitHead(node, log, head -> head.number() >= 1);
    assertEquals(0, stop(node), () -> tail(log));

    final List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
    assertTrue(lines.size() > 10, () -> tail(log));
    final Set<String> levels = Set.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
    boolean rpcLine = false;
    boolean pekkoLine = false;
    for (final String line : lines) {
      final JsonNode entry;
      try {
        entry = JSON.readTree(line);
      } catch (IOException e) {
        throw new AssertionError("not a JSON line: " + line, e);
      }
      assertTrue(entry.isObject(), line);
      OffsetDateTime.parse(entry.path("timestamp").asText()); // ISO 8601 with its offset
      assertTrue(levels.contains(entry.path("level").asText()), line);
      assertFalse(entry.path("logger").asText().isBlank(), line);
      assertTrue(entry.path("message").isTextual(), line);
      final String logger = entry.path("logger").asText();
      rpcLine |=
          logger.equals(NodeCommand.class.getName())
              && entry
                  .path("message")
                  .asText()
                  .equals("JSON-RPC on http://127.0.0.1:" + (8545 + PORT_OFFSET));
      pekkoLine |= logger.startsWith("org.apache.pekko.");
    }
    assertTrue(rpcLine, "the node's own lines are JSON too");
    assertTrue(pekkoLine, "Pekko's lines are JSON too");
  }

  @Test
  void logFormatOtherThanTextOrJsonIsRefused() {
    final CliRun run =
        CliRun.of("node", "--datadir", directory.resolve("none").toString(), "--log-format", "xml");
    assertEquals(2, run.exit(), run.out());
    assertTrue(run.err().contains("unknown log format \"xml\": text or json"), run.err());
  }

  @Test
  void metricsSwitchedOffByTheEnvironmentLeaveTheOtherManagementRoutes() {
    final Path log = directory.resolve("no-metrics.log");
    final Process node = start(log, Map.of("AMCHAIN_METRICS", "false"));
    awaitHead(node, log, head -> head.number() >= 1);
    assertEquals(200, get("/alive").statusCode());
    assertEquals(200, get("/cluster/members").statusCode());
    assertEquals(404, get("/metrics").statusCode());
    assertEquals(0, stop(node), () -> tail(log));
  }

  @Test
  void metricsSettingThatIsNotABooleanIsRefused() throws IOException {
    final Path config = directory.resolve("metrics-maybe.conf");
    Files.writeString(config, "amchain.metrics.enabled = maybe\n");
    final CliRun run =
        CliRun.of(
            "node", "--config", config.toString(), "--datadir", directory.resolve("x").toString());
    assertEquals(2, run.exit(), run.out());
    assertTrue(
        run.err().contains("amchain.metrics.enabled (AMCHAIN_METRICS, --metrics/--no-metrics)"),
        run.err());
  }

  @Test
  void sigtermClosesTheStoresExitsZeroAndTheDataDirectoryReopensWithTheSameHead() {
    final Path log = directory.resolve("sigterm.log");
    final Process node = start(log, Map.of());
    final Head first = awaitHead(node, log, head -> head.number() >= 1);
    awaitHead(node, log, head -> head.number() >= first.number() + 2);
    assertEquals(0, stop(node), () -> tail(log));
    assertTrue(tail(log).contains("stores closed"), () -> tail(log));

    // Closed cleanly: every family flushed, so the write-ahead logs hold nothing for the next
    // open to recover (an empty log is RocksDB's own test, error_if_data_exists_in_wals; even a
    // record of an empty batch is replayed).
    for (final String store : List.of("chain", "trie")) {
      for (final Path wal : walFiles(home.resolve("state").resolve(store))) {
        assertEquals(0, size(wal), () -> wal + " still holds writes to replay");
      }
    }
    // Opening succeeds only if the node released RocksDB's LOCK.
    final Hash head;
    final long number;
    try (Storage storage = Storage.open(home.resolve("state"))) {
      final ChainStore chain = storage.chainStore();
      head = Objects.requireNonNull(chain.head());
      number = Objects.requireNonNull(chain.header(head)).number();
    }
    assertTrue(number >= first.number() + 2, "head " + number);

    // The same node, on the same directory and journal, comes back on that head and seals on.
    final Path again = directory.resolve("sigterm-again.log");
    final Process restarted = start(again, Map.of());
    awaitHead(restarted, again, h -> h.number() > number);
    assertEquals(head.toHex(), blockHash(number));
    assertEquals(0, stop(restarted), () -> tail(again));
  }

  @Test
  void grafanaDashboardQueriesOnlyMetricsALiveNodeExposes() throws IOException {
    final JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    final Set<String> used = new TreeSet<>();
    int targets = 0;
    for (final JsonNode panel : dashboard.path("panels")) {
      for (final JsonNode target : panel.path("targets")) {
        used.addAll(metricNames(target.path("expr").asText()));
        targets++;
      }
    }
    assertTrue(targets >= 15, "targets: " + targets);

    final Path log = directory.resolve("dashboard.log");
    final Process node = start(log, Map.of());
    // Sealed blocks, imports and JSON-RPC calls (these polls) give every series a sample.
    awaitHead(node, log, head -> head.number() >= 2);
    final String metrics = get("/metrics").body();
    assertEquals(0, stop(node), () -> tail(log));
    final Set<String> exposed = new TreeSet<>();
    for (final String line : metrics.lines().toList()) {
      if (!line.startsWith("#") && !line.isBlank()) {
        exposed.add(line.split("[{ ]", 2)[0]);
      }
    }
    final Set<String> missing = new TreeSet<>(used);
    missing.removeAll(exposed);
    assertTrue(missing.isEmpty(), () -> "not in /metrics: " + missing + "\nexposed: " + exposed);
    assertTrue(
        used.containsAll(Set.of("amchain_head_block_number", "jvm_memory_used_bytes")),
        used::toString);
  }

  @Test
  void metricNamesAreReadFromPromqlWithoutFunctionsLabelsOrRanges() {
    assertEquals(
        Set.of("amchain_rpc_duration_seconds_bucket"),
        metricNames(
            "histogram_quantile(0.99, sum by (le, method)"
                + " (rate(amchain_rpc_duration_seconds_bucket{instance=~\"$instance\"}[5m])))"));
    assertEquals(
        Set.of("amchain_head_block_timestamp_seconds", "jvm_memory_used_bytes"),
        metricNames(
            "time() - amchain_head_block_timestamp_seconds{instance=~\"$instance\"} * on"
                + " (instance) jvm_memory_used_bytes{area=\"heap\"}"));
  }

  /**
   * The metric names a PromQL expression reads: its identifiers once string literals, label
   * matchers, range selectors and grouping clauses are taken out, less function names (an
   * identifier before a parenthesis), keywords and numbers.
   */
  static Set<String> metricNames(final String expr) {
    final String bare =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^\\]]*\\]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    final Set<String> names = new TreeSet<>();
    final java.util.regex.Matcher identifier =
        java.util.regex.Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?").matcher(bare);
    final Set<String> keywords = Set.of("and", "or", "unless", "offset", "bool", "inf", "nan");
    while (identifier.find()) {
      final String token = identifier.group().replaceAll("[\\s(]", "");
      final int start = identifier.start();
      final boolean inNumber = start > 0 && Character.isDigit(bare.charAt(start - 1));
      if (identifier.group(1) == null
          && !keywords.contains(token.toLowerCase(java.util.Locale.ROOT))
          && !inNumber) {
        names.add(token);
      }
    }
    return names;
  }

  private record Head(long number, String hash) {}

  /** Starts node-0 again as its devnet did, output to {@code log}, with more flags or variables. */
  private Process start(final Path log, final Map<String, String> env, final String... flags) {
    final List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m",
                "-Xss4m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                AmchainCli.class.getName(),
                "node",
                "--config",
                home.resolve("node.conf").toString()));
    command.addAll(List.of(flags));
    final ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().keySet().removeIf(name -> name.startsWith("AMCHAIN_"));
    builder.environment().putAll(env);
    try {
      final Process process = builder.start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM, as {@code kill}, Kubernetes and systemd stop a service; the exit code. */
  private static int stop(final Process node) {
    node.destroy();
    try {
      assertTrue(node.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "the node did not stop");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return node.exitValue();
  }

  private static Head awaitHead(final Process node, final Path log, final Predicate<Head> done) {
    final AtomicReference<@Nullable Head> seen = new AtomicReference<>();
    try {
      await()
          .atMost(LIMIT)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                assertTrue(node.isAlive(), () -> "the node exited:\n" + tail(log));
                final JsonNode block = rpc("eth_getBlockByNumber", "[\"latest\", false]");
                if (block == null) {
                  return false;
                }
                final Head head =
                    new Head(
                        Long.decode(block.path("number").asText()), block.path("hash").asText());
                seen.set(head);
                return done.test(head);
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the head did not get there in " + LIMIT + " (last " + seen.get() + "):\n" + tail(log),
          e);
    }
    return Objects.requireNonNull(seen.get());
  }

  private static String blockHash(final long number) {
    final JsonNode block =
        rpc("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]");
    return block == null ? "none" : block.path("hash").asText();
  }

  /** A JSON-RPC result, or null while the node does not answer. */
  private static JsonNode rpc(final String method, final String params) {
    final String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    try {
      final HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (8545 + PORT_OFFSET)))
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      final JsonNode reply = JSON.readTree(response.body());
      return reply.has("result") && reply.get("result").isObject() ? reply.get("result") : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> get(final String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (8558 + PORT_OFFSET) + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** RocksDB's write-ahead log files: {@code NNNNNN.log} (its info log is {@code LOG}). */
  private static List<Path> walFiles(final Path store) {
    try (Stream<Path> files = Files.list(store)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".log")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(final Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(final Path log) {
    try {
      final List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "unreadable " + log + ": " + e.getMessage();
    }
  }
}
